using ActorNet.Actors;
using ActorNet.Actors.ClusterRuntime;
using ActorNet.Actors.ClusterRuntime.Proto;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Tests.ClusterRuntime;

public sealed class ClusterWireTests
{
    private static UniqueAddress Node(int port, long uid = 7) => new(Address.Tcp("sys", "127.0.0.1", port), uid);

    private static Membership SampleSnapshot()
    {
        var a = Node(1001);
        var b = Node(1002);
        var c = Node(1003);
        var d = Node(1004);
        var state = Membership.Empty.Join(a, ["seed"], a);
        state = LeaderActions.OnConvergence(state, a, DateTimeOffset.UnixEpoch);
        state = state.Join(b, ["worker"], a).Join(c, ["worker", "server"], a).Join(d, [], a);
        state = LeaderActions.OnConvergence(state.SeenBy(a), a, DateTimeOffset.UnixEpoch);
        state = state.MarkUnreachable(a, c).Leave(b, a);
        return state.Down(d, a).Remove([d], DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    }

    [Fact]
    public void A_snapshot_survives_the_round_trip_through_protobuf()
    {
        var state = SampleSnapshot();
        var bytes = ClusterWire.ToWire(state).ToByteArray();
        var back = ClusterWire.FromWire(Gossip.Parser.ParseFrom(bytes));

        Assert.Equal(state.Members.Select(m => (m.UniqueAddress, m.Status, m.UpNumber, string.Join(",", m.Roles))),
            back.Members.Select(m => (m.UniqueAddress, m.Status, m.UpNumber, string.Join(",", m.Roles))));
        Assert.Equal(VersionOrdering.Same, back.Version.Compare(state.Version));
        Assert.Equal(state.Seen, back.Seen);
        Assert.Equal(state.Tombstones, back.Tombstones);
        Assert.Equal(state.Reachability.Records.ToHashSet(), back.Reachability.Records.ToHashSet());
        Assert.Equal(state.Reachability.Versions.OrderBy(kv => kv.Key), back.Reachability.Versions.OrderBy(kv => kv.Key));
        Assert.NotEmpty(state.Tombstones);
        Assert.False(state.Reachability.IsAllReachable);
    }

    [Fact]
    public void The_serializer_round_trips_a_gossip_envelope_by_manifest()
    {
        var serializer = new ClusterMessageSerializer();
        var envelope = new GossipEnvelope { From = ClusterWire.ToWire(Node(1)), To = ClusterWire.ToWire(Node(2)), Gossip = ClusterWire.ToWire(SampleSnapshot()) };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        serializer.Serialize(envelope, buffer);
        var back = serializer.Deserialize(buffer.WrittenSpan, serializer.Manifest(envelope));
        Assert.Equal(envelope, back);
    }

    [Fact]
    public void Unknown_manifests_and_bad_bytes_are_format_errors()
    {
        var serializer = new ClusterMessageSerializer();
        Assert.Contains("unknown cluster message 'System.IO.File'", Assert.Throws<FormatException>(() => serializer.Deserialize([1, 2], "System.IO.File")).Message);
        Assert.Contains("malformed cluster message Gossip", Assert.Throws<FormatException>(() => serializer.Deserialize([0x0a, 0xff, 0xff], "GossipEnvelope")).Message.Replace("GossipEnvelope", "Gossip"));
    }

    [Fact]
    public void Malformed_snapshots_are_rejected_naming_the_problem()
    {
        var bad = ClusterWire.ToWire(SampleSnapshot());
        bad.Members[0].Node.Address = "not an address";
        Assert.Contains("not an address", Assert.Throws<FormatException>(() => ClusterWire.FromWire(bad)).Message);

        var removed = ClusterWire.ToWire(SampleSnapshot());
        removed.Members[0].Status = (int)MemberStatus.Removed;
        Assert.Contains("cannot hold", Assert.Throws<FormatException>(() => ClusterWire.FromWire(removed)).Message);

        var twice = ClusterWire.ToWire(SampleSnapshot());
        twice.Members.Add(twice.Members[0]);
        Assert.Contains("twice", Assert.Throws<FormatException>(() => ClusterWire.FromWire(twice)).Message);

        var badRole = ClusterWire.ToWire(SampleSnapshot());
        badRole.Members[0].Roles.Add("no spaces");
        Assert.Contains("no spaces", Assert.Throws<FormatException>(() => ClusterWire.FromWire(badRole)).Message);
    }

    [Fact]
    public void Seen_entries_of_non_members_are_dropped_rather_than_breaking_the_snapshot()
    {
        var wire = ClusterWire.ToWire(SampleSnapshot());
        wire.Seen.Add(ClusterWire.ToWire(Node(9999)));
        var back = ClusterWire.FromWire(wire);
        Assert.DoesNotContain(Node(9999), back.Seen);
    }

    [Fact]
    public void Settings_read_seeds_in_both_forms_roles_and_intervals()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:cluster:seed-nodes:0"] = "127.0.0.1:2551",
            ["actornet:cluster:seed-nodes:1"] = "actornet.tcp://other@10.0.0.2:2552",
            ["actornet:cluster:roles:0"] = "worker",
            ["actornet:cluster:gossip-interval"] = "250ms",
        }).Build();
        var settings = ClusterSettings.FromConfiguration(config, "sys");
        Assert.Equal([Address.Tcp("sys", "127.0.0.1", 2551), Address.Tcp("other", "10.0.0.2", 2552)], settings.SeedNodes.ToArray());
        Assert.Equal(["worker"], settings.Roles);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.GossipInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.LeaderActionsInterval);
    }

    [Theory]
    [InlineData("actornet:cluster:seed-nodes:0", "localhost", "seed-nodes[0]")]
    [InlineData("actornet:cluster:seed-nodes:0", "host:99999", "seed-nodes[0]")]
    [InlineData("actornet:cluster:roles:0", "bad role", "roles")]
    [InlineData("actornet:cluster:gossip-interval", "0s", "gossip-interval")]
    [InlineData("actornet:cluster:monitored-by-nr-of-members", "0", "monitored-by-nr-of-members")]
    public void Bad_settings_name_the_key(string key, string value, string named)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>(key, value)]).Build();
        var error = Assert.Throws<FormatException>(() => ClusterSettings.FromConfiguration(config, "sys"));
        Assert.Contains(named, error.Message);
    }
}
