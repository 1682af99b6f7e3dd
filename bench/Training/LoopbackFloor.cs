using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorNet.Bench.Training;

/// <summary>
/// The floor the store's figures are read against: plain loopback TCP (127.0.0.1, port 0, Socket/NetworkStream, 4 MiB
/// writes and reads, no serialization, no actors) with <c>connections</c> connections open at once, each moving
/// <c>bytes</c> in each direction concurrently (both ends send and receive at the same time, as a worker both
/// pulls and pushes its weights). Every sender writes from one shared array of the full size (so the kernel copies
/// from memory that is not in cache, as a worker's weights are not); receivers read into their own 4 MiB buffer.
/// </summary>
internal static class LoopbackFloor
{
    private const int Chunk = 4 << 20;

    /// <summary>Seconds for all connections to move <paramref name="bytes"/> each way (one run).</summary>
    public static double Seconds(int connections, long bytes, byte[] source)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(connections);
        var pairs = new List<(TcpClient Client, TcpClient Server)>();
        try
        {
            for (int c = 0; c < connections; c++)
            {
                var client = new TcpClient { NoDelay = true };
                client.Connect(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
                pairs.Add((client, listener.AcceptTcpClient()));
            }
            // One thread per direction per end: blocking calls, as many as the real transfer has streams.
            var start = new Barrier(connections * 4 + 1);
            var threads = new List<Thread>();
            foreach (var (client, server) in pairs)
            {
                foreach (var end in new[] { client, server })
                {
                    var stream = end.GetStream();
                    threads.Add(new Thread(() => { start.SignalAndWait(); Send(stream, source, bytes); }) { IsBackground = true });
                    threads.Add(new Thread(() => { start.SignalAndWait(); Receive(stream, bytes); }) { IsBackground = true });
                }
            }
            foreach (var t in threads) t.Start();
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            foreach (var t in threads) t.Join();
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var (client, server) in pairs)
            {
                client.Dispose();
                server.Dispose();
            }
        }
    }

    private static void Send(NetworkStream stream, byte[] source, long bytes)
    {
        for (long sent = 0; sent < bytes;)
        {
            int at = (int)(sent % source.Length);
            int n = (int)Math.Min(Math.Min(Chunk, source.Length - at), bytes - sent);
            stream.Write(source, at, n);
            sent += n;
        }
    }

    private static void Receive(NetworkStream stream, long bytes)
    {
        var buffer = new byte[Chunk];
        for (long left = bytes; left > 0;)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0) throw new EndOfStreamException($"loopback floor: the peer closed with {left} bytes still to come");
            left -= n;
        }
    }
}
