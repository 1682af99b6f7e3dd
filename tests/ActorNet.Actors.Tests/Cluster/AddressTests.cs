namespace ActorNet.Actors.Tests.ClusterModel;

public class AddressTests
{
    [Theory]
    [InlineData("actornet.tcp://sys@127.0.0.1:2552", "sys", "127.0.0.1", 2552)]
    [InlineData("actornet.tcp://my-system_1@node-a.local:0", "my-system_1", "node-a.local", 0)]
    [InlineData("actornet.tcp://sys@[::1]:65535", "sys", "::1", 65535)]
    [InlineData("actornet.tcp://sys@host:1/", "sys", "host", 1)]
    public void Parse_reads_every_part(string text, string system, string host, int port)
    {
        var address = Address.Parse(text);
        Assert.Equal(Address.TcpProtocol, address.Protocol);
        Assert.Equal(system, address.System);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData("actornet.tcp://sys@127.0.0.1:2552")]
    [InlineData("actornet.tcp://sys@[fe80::1]:80")]
    public void ToString_round_trips_through_Parse(string text)
    {
        var address = Address.Parse(text);
        Assert.Equal(text, address.ToString());
        Assert.Equal(address, Address.Parse(address.ToString()));
    }

    [Theory]
    [InlineData("sys@host:1", "missing '://'")]
    [InlineData("actornet.tcp://host:1", "missing '@'")]
    [InlineData("actornet.tcp://sys@host", "missing ':port'")]
    [InlineData("actornet.tcp://sys@host:port", "port 'port' is not a number")]
    [InlineData("actornet.tcp://sys@host:70000", "port 70000 is outside")]
    [InlineData("actornet.tcp://sys@:1", "the host is empty")]
    [InlineData("actornet.tcp://@host:1", "the system name is empty")]
    [InlineData("actornet.tcp://s y s@host:1", "system name 's y s'")]
    [InlineData("Tcp://sys@host:1", "protocol 'Tcp'")]
    [InlineData("actornet.tcp://sys@[::1:1", "IPv6")]
    public void Parse_names_the_broken_part(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Address.Parse(text));
        Assert.Contains(expected, error.Message);
        Assert.Contains(text, error.Message);
        Assert.False(Address.TryParse(text, out _));
    }

    [Fact]
    public void Constructor_rejects_bad_parts()
    {
        Assert.Throws<ArgumentException>(() => Address.Tcp("sys", "host", -1));
        Assert.Throws<ArgumentException>(() => Address.Tcp("", "host", 1));
        Assert.Throws<ArgumentException>(() => Address.Tcp("sys", "a/b", 1));
    }

    [Fact]
    public void Orders_by_host_then_port_then_system()
    {
        var sorted = new[]
        {
            Address.Tcp("b", "10.0.0.2", 1),
            Address.Tcp("a", "10.0.0.1", 3000),
            Address.Tcp("z", "10.0.0.1", 200),
            Address.Tcp("a", "10.0.0.1", 200),
        }.Order().Select(a => a.ToString()).ToArray();

        Assert.Equal(new[]
        {
            "actornet.tcp://a@10.0.0.1:200",
            "actornet.tcp://z@10.0.0.1:200",
            "actornet.tcp://a@10.0.0.1:3000",
            "actornet.tcp://b@10.0.0.2:1",
        }, sorted);
        Assert.True(Address.Tcp("a", "h", 1) < Address.Tcp("a", "h", 2));
    }

    [Fact]
    public void Unique_addresses_order_by_address_then_uid_and_differ_by_uid()
    {
        var address = Address.Tcp("sys", "h", 1);
        var older = new UniqueAddress(address, 5);
        var newer = new UniqueAddress(address, 7);
        var other = new UniqueAddress(Address.Tcp("sys", "a", 9), 100);

        Assert.NotEqual(older, newer);
        Assert.Equal(new UniqueAddress(Address.Parse("actornet.tcp://sys@h:1"), 5), older);
        Assert.Equal(new[] { other, older, newer }, new[] { newer, older, other }.Order().ToArray());
        Assert.Equal("actornet.tcp://sys@h:1#5", older.ToString());
    }
}
