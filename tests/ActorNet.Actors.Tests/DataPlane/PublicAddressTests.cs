using System.Net;
using System.Net.Sockets;
using ActorNet.DataPlane;

namespace ActorNet.Actors.Tests.DataPlane;

/// <summary>
/// A node that advertises another address than it binds (<see cref="DataPlaneOptions.PublicHost"/>/<see cref="DataPlaneOptions.PublicPort"/>):
/// peers reach it through whatever leads there (here a TCP forwarder, as NAT, a container's port mapping or bench/netsim would).
/// </summary>
public sealed class PublicAddressTests : DataPlaneTestBase
{
    [Theory]
    [InlineData(null)]
    [InlineData("cluster-secret")] // the handshake's proof covers the announced (public) address
    public async Task Peers_reach_a_node_through_the_address_it_advertises(string? secret)
    {
        await using var forwarder = new Forwarder();
        var server = StartNode(secret, o => o with { PublicPort = forwarder.Port });
        forwarder.ForwardTo(server.BoundAddress.Port);
        var client = StartNode(secret);
        ServeEcho(server);

        Assert.Equal(new DataPlaneAddress("127.0.0.1", forwarder.Port), server.Address);
        Assert.NotEqual(forwarder.Port, server.BoundAddress.Port);
        var floats = Ramp(100_000);
        var reply = await client.RequestAsync(server.Address, "echo", default, BlockBody.FromFloats(floats), cancellationToken: Bounded());

        Assert.Equal(floats.Select(f => f * 2), reply.Body.Floats.AsSpan().ToArray());
        Assert.True(forwarder.Bytes >= 2 * floats.Length * sizeof(float), $"the forwarder carried {forwarder.Bytes} bytes, less than the request and reply bodies");
    }

    [Fact]
    public void Without_public_settings_the_advertised_address_is_the_bound_one()
    {
        var node = StartNode();
        Assert.Equal(node.BoundAddress, node.Address);
        Assert.Equal("127.0.0.1", node.Address.Host);
    }

    [Fact]
    public void A_public_host_alone_keeps_the_bound_port()
    {
        var node = StartNode(configure: o => o with { PublicHost = "10.0.0.7" });
        Assert.Equal(new DataPlaneAddress("10.0.0.7", node.BoundAddress.Port), node.Address);
    }

    [Theory]
    [InlineData(0, null, "PublicPort")]
    [InlineData(70000, null, "PublicPort")]
    [InlineData(null, " ", "PublicHost")]
    public void Bad_public_settings_are_refused_by_name(int? port, string? host, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => StartNode(configure: o => o with { PublicPort = port, PublicHost = host }));
        Assert.Contains(named, error.Message);
    }

    /// <summary>Listens on 127.0.0.1 port 0 and copies each connection both ways to a target port, counting the bytes.</summary>
    private sealed class Forwarder : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Socket> _sockets = [];
        private Task _accepting = Task.CompletedTask;
        private long _bytes;

        public Forwarder() => _listener.Start();

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
}
