using ActorNet.Actors;
using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.Remote;

public sealed class RemotingTests : RemoteTestBase
{
    [Fact]
    public async Task Address_shows_the_bound_port_and_remote_refs_behave_like_local_ones()
    {
        var a = NewSystem("a");
        var b = NewSystem("b");
        Assert.Equal(Address.TcpProtocol, b.Address.Protocol);
        Assert.NotEqual(0, b.Address.Port);
        Assert.StartsWith("actornet.tcp://b@127.0.0.1:", b.Address.ToString());

        var echo = b.ActorOf(Props.Create<Echo>(), "echo");
        var remote = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(TimeSpan.FromSeconds(10));
        Assert.Equal(echo.Path, remote.Path);

        Assert.Equal("echo:hi", await remote.Ask<string>("hi", TimeSpan.FromSeconds(10)));
        Assert.Equal(42, await remote.Ask<int>(41, TimeSpan.FromSeconds(10)));

        var probe = new TestProbe(a);
        for (int i = 0; i < 200; i++) remote.Tell(i, probe.Ref);
        for (int i = 0; i < 200; i++) probe.ExpectMsg(i + 1);
        Assert.Equal(echo.Path, probe.LastSender.Path);

        // A reference travels inside a message and is usable on the other side.
        remote.Tell(("tagged", probe.Ref));
        probe.ExpectMsg("tagged");

        await Assert.ThrowsAsync<ActorNotFoundException>(() => a.ActorSelection($"{b.Address}/user/nobody").ResolveOne(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Large_float_arrays_travel_in_chunks_on_the_bulk_lane()
    {
        var a = NewSystem("a");
        var b = NewSystem("b");
        b.ActorOf(Props.Create<Echo>(), "echo");
        var remote = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(TimeSpan.FromSeconds(10));
        var data = Enumerable.Range(0, 1_000_000).Select(i => (float)(i % 7)).ToArray();
        var probe = new TestProbe(a);
        remote.Tell(data, probe.Ref);
        remote.Tell("small", probe.Ref);
        var replies = new List<object> { probe.ReceiveOne(TimeSpan.FromSeconds(20)), probe.ReceiveOne(TimeSpan.FromSeconds(20)) };
        Assert.Contains("echo:small", replies);
        Assert.Contains((1_000_000, data.Sum()), replies);
    }

    [Fact]
    public async Task Records_carrying_large_arrays_travel_with_their_arrays_as_raw_tails_both_ways()
    {
        var a = NewSystem("a");
        var b = NewSystem("b");
        b.ActorOf(Props.Create<Echo>(), "echo");
        var remote = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(TimeSpan.FromSeconds(10));
        var probe = new TestProbe(a);
        // Large: 4 MB of floats and 160 KB of doubles (two tails); mid-sized: one 20 KB array, 40 KB in all (under a
        // chunk, so written whole); small: arrays inline.
        var cases = new[]
        {
            new Tailed("large", Enumerable.Range(0, 1_000_000).Select(i => (float)(i % 13) - 6).ToArray(), Enumerable.Range(0, 20_000).Select(i => i * 0.25).ToArray(), probe.Ref),
            new Tailed("mid", Enumerable.Range(0, 5_000).Select(i => (float)i).ToArray(), Enumerable.Range(0, 2_500).Select(i => -i * 1.0).ToArray(), probe.Ref),
            new Tailed("small", [1f, 2f], [], probe.Ref),
        };
        foreach (var sent in cases)
        {
            remote.Tell(sent);
            remote.Tell("after " + sent.Name, probe.Ref);
            var replies = new List<object> { probe.ReceiveOne(TimeSpan.FromSeconds(20)), probe.ReceiveOne(TimeSpan.FromSeconds(20)) };
            Assert.Contains("echo:after " + sent.Name, replies);
            var back = Assert.Single(replies.OfType<Tailed>());
            Assert.Equal("echo:" + sent.Name, back.Name);
            Assert.Equal(sent.Values.Select(v => v * 2), back.Values);
            Assert.Equal(sent.Extra, back.Extra);
            Assert.Equal(remote.Path, back.ReplyTo.Path);
        }
    }

    [Fact]
    public async Task Watching_a_remote_actor_delivers_Terminated_when_it_stops_and_when_its_node_is_lost()
    {
        var a = NewSystem("a");
        var b = NewSystem("b");
        var first = b.ActorOf(Props.Create<Echo>(), "first");
        b.ActorOf(Props.Create<Echo>(), "second");
        var probe = new TestProbe(a);
        var remoteFirst = await a.ActorSelection($"{b.Address}/user/first").ResolveOne(TimeSpan.FromSeconds(10));
        var remoteSecond = await a.ActorSelection($"{b.Address}/user/second").ResolveOne(TimeSpan.FromSeconds(10));
        probe.Watch(remoteFirst);
        probe.Watch(remoteSecond);
        // The watch is registered on b once a message sent after it has been answered (same connection, in order).
        Assert.Equal("echo:sync", await remoteFirst.Ask<string>("sync", TimeSpan.FromSeconds(10)));

        b.Stop(first);
        var stopped = probe.ExpectTerminated(remoteFirst, TimeSpan.FromSeconds(10));
        Assert.False(stopped.AddressTerminated);

        // The node vanishes without stopping its actors: only the lost connection can tell.
        await b.Remote!.StopAsync();
        var lost = probe.ExpectTerminated(remoteSecond, TimeSpan.FromSeconds(20));
        Assert.True(lost.AddressTerminated);
    }

    [Fact]
    public async Task After_a_dropped_connection_the_nodes_reconnect_and_watches_survive()
    {
        var a = NewSystem("a");
        var b = NewSystem("b");
        b.ActorOf(Props.Create<Echo>(), "echo");
        var remote = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(TimeSpan.FromSeconds(10));
        var probe = new TestProbe(a);
        probe.Watch(remote);
        Assert.Equal("echo:before", await remote.Ask<string>("before", TimeSpan.FromSeconds(10)));

        a.Remote!.DropConnections();
        // The watch keeps the association wanting a connection: it reconnects on its own and the
        // remote actor, still alive, must not be reported terminated.
        TestProbe.AwaitAssert(() => Assert.Equal("echo:after", remote.Ask<string>("after", TimeSpan.FromSeconds(1)).GetAwaiter().GetResult()),
            TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Watching_a_remote_path_with_no_actor_and_failures_over_the_wire()
    {
        var a = NewSystem("a");
        var b = NewSystem("b");
        b.ActorOf(Props.Create<Failing>(), "failing");
        var probe = new TestProbe(a);
        var ghost = a.ResolvePathForTest($"{b.Address}/user/ghost");
        probe.Watch(ghost);
        var terminated = probe.ExpectTerminated(ghost, TimeSpan.FromSeconds(10));
        Assert.False(terminated.ExistenceConfirmed);

        var failing = await a.ActorSelection($"{b.Address}/user/failing").ResolveOne(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => failing.Ask<int>("anything", TimeSpan.FromSeconds(10)));
        Assert.Contains("out of range on b", error.Message);
    }

    private sealed class Failing : ReceiveActor
    {
        public Failing() => ReceiveAny(_ => Sender.Tell(new Status.Failure(new ArgumentOutOfRangeException("out of range on b"))));
    }

    [Fact]
    public async Task A_node_with_the_wrong_secret_is_refused()
    {
        var b = NewSystem("b", secret: "right");
        var intruder = NewSystem("intruder", secret: "wrong");
        var probe = new TestProbe(b);
        b.ActorOf(Props.Create(() => new Relay(probe.Ref)), "relay");
        var remote = intruder.ResolvePathForTest($"{b.Address}/user/relay");
        remote.Tell("let me in");
        TestProbe.AwaitCondition(() => b.Remote!.Violations > 0, TimeSpan.FromSeconds(10), "b never rejected the intruder");
        await Assert.ThrowsAsync<ActorNotFoundException>(() => intruder.ActorSelection($"{b.Address}/user/relay").ResolveOne(TimeSpan.FromSeconds(2)));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Binding_a_non_loopback_address_without_a_secret_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NewSystem("open", secret: null, ("actornet:remote:hostname", "0.0.0.0")));
        Assert.Contains("actornet:remote:secret", error.Message);
    }

    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef probe) => ReceiveAny(m => probe.Tell(m));
    }
}

internal static class TestSystemExtensions
{
    /// <summary>A reference for a path without resolving it first (ResolveOne would need a working connection).</summary>
    public static IActorRef ResolvePathForTest(this ActorSystem system, string path) => system.ResolvePath(ActorPath.Parse(path));
}
