using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorNet.Bench.Actors;

/// <summary>
/// The peer of the bulk benchmark: the same float array's bytes over a plain loopback TCP socket between
/// two processes (length prefix, then the bytes, then a one-byte acknowledgement), with no framing,
/// serialization or actors.
/// </summary>
internal static class RawSocketBench
{
    public static void Serve()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Console.WriteLine($"listening on {((IPEndPoint)listener.LocalEndPoint!).Port}");
        Console.Out.Flush();
        using var socket = listener.Accept();
        var header = new byte[8];
        var buffer = new byte[1 << 20];
        while (ReadExactly(socket, header))
        {
            long length = BitConverter.ToInt64(header);
            var target = new float[length / 4]; // like the actor side, the receiver allocates the array
            var bytes = MemoryMarshal.AsBytes(target.AsSpan());
            int received = 0;
            while (received < bytes.Length)
            {
                int n = socket.Receive(bytes[received..]);
                if (n == 0) return;
                received += n;
            }
            socket.Send([1]);
        }
    }

    private static bool ReadExactly(Socket socket, Span<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = socket.Receive(buffer[read..]);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    public static double[] Send(int port, int floats, int repeats)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(IPAddress.Loopback, port);
        var data = new float[floats];
        for (int i = 0; i < data.Length; i++) data[i] = i * 0.5f;
        var bytes = MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        var ack = new byte[1];
        var rates = new double[repeats];
        for (int r = -1; r < repeats; r++) // r = -1 warms up
        {
            var clock = Stopwatch.StartNew();
            socket.Send(BitConverter.GetBytes((long)bytes.Length));
            socket.Send(bytes);
            if (socket.Receive(ack) != 1) throw new IOException("the raw peer closed early");
            clock.Stop();
            if (r >= 0) rates[r] = bytes.Length / clock.Elapsed.TotalSeconds / 1e9;
        }
        return rates;
    }
}
