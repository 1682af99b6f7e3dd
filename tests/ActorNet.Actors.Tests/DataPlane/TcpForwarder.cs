using System.Net;
using System.Net.Sockets;

namespace ActorNet.Actors.Tests.DataPlane;

/// <summary>Listens on 127.0.0.1 port 0 and copies each connection both ways to a target port, counting the bytes.</summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private Task _accepting = Task.CompletedTask;
    private long _bytes;

    public TcpForwarder() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void ForwardTo(int port) => _accepting = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inbound;
            try { inbound = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            var outbound = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await outbound.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
            lock (_sockets) _sockets.AddRange([inbound, outbound]);
            _ = Copy(inbound, outbound);
            _ = Copy(outbound, inbound);
        }
    });

    private async Task Copy(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, _stop.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, n), _stop.Token);
                Interlocked.Add(ref _bytes, n);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side closed: the node's own connection handling sees the end.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting.WaitAsync(TimeSpan.FromSeconds(10));
        lock (_sockets) foreach (var s in _sockets) s.Dispose();
    }
}
