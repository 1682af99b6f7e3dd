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
        await using var forwarder = new TcpForwarder();
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
}
