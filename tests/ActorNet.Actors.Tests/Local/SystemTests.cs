using ActorNet.Actors;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Tests.Local;

public sealed class SystemTests
{
    private sealed class Node : ReceiveActor
    {
        public Node(IActorRef probe)
        {
            Receive<string>(name => Sender.Tell(Context.ActorOf(Props.Create(() => new Node(probe)), name)));
        }

        protected override void PostStop() => Context.System.EventStream.Publish($"stopped {Self.Path.ToStringWithoutAddress()}");
    }

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public async Task ActorSelection_resolves_existing_paths_and_reports_missing_ones()
    {
        await using var system = ActorSystem.Create("sel");
        var probe = new TestKit.TestProbe(system);
        var a = system.ActorOf(Props.Create(() => new Node(probe.Ref)), "a");
        var b = await a.Ask<IActorRef>("b", TimeSpan.FromSeconds(5));
        Assert.Equal("actornet://sel/user/a/b", b.Path.ToString());
        Assert.Equal(b, await system.ActorSelection("/user/a/b").ResolveOne(TimeSpan.FromSeconds(5)));
        Assert.Equal(b, await system.ActorSelection("actornet://sel/user/a/b").ResolveOne(TimeSpan.FromSeconds(5)));
        var missing = await Assert.ThrowsAsync<ActorNotFoundException>(() => system.ActorSelection("/user/a/zzz").ResolveOne(TimeSpan.FromSeconds(5)));
        Assert.Contains("/user/a/zzz", missing.Message);
        system.ActorSelection("/user/a").Tell(new Identify(7), probe.Ref);
        Assert.Equal(new ActorIdentity(7, a), probe.ExpectMsg<ActorIdentity>());
        Assert.Throws<FormatException>(() => system.ActorSelection("user/a"));
    }

    [Fact]
    public async Task Terminate_runs_shutdown_phases_in_order_then_stops_every_actor()
    {
        var system = ActorSystem.Create("down");
        var order = new List<string>();
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "late", () => { lock (order) order.Add("late"); return Task.CompletedTask; });
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "early", () => { lock (order) order.Add("early"); return Task.CompletedTask; });
        Assert.Throws<ArgumentException>(() => shutdown.AddTask("no-such-phase", "x", () => Task.CompletedTask));
        var probe = new TestKit.TestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(string));
        var a = system.ActorOf(Props.Create(() => new Node(probe.Ref)), "a");
        await a.Ask<IActorRef>("b", TimeSpan.FromSeconds(5));

        var terminating = system.Terminate();
        Assert.Same(terminating, system.Terminate());
        await terminating.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(system.WhenTerminated.IsCompleted);
        Assert.Equal(["early", "late"], order);
        Assert.Equal(ShutdownReason.ActorSystemTerminate, shutdown.Reason);
        Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create(() => new Node(probe.Ref))));
    }

    [Fact]
    public void Configuration_is_read_with_defaults_and_bad_values_name_their_key()
    {
        var defaults = ActorSystemSettings.FromConfiguration(Config());
        Assert.Equal(30, defaults.Throughput);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.AskTimeout);
        Assert.Null(defaults.Remote);

        var custom = ActorSystemSettings.FromConfiguration(Config(
            ("actornet:actor:throughput", "5"), ("actornet:actor:ask-timeout", "250ms"),
            ("actornet:remote:port", "0"), ("actornet:remote:maximum-frame-size", "1MiB"), ("actornet:actor:log-dead-letters", "off")));
        Assert.Equal(5, custom.Throughput);
        Assert.Equal(TimeSpan.FromMilliseconds(250), custom.AskTimeout);
        Assert.False(custom.LogDeadLetters);
        Assert.Equal(1024 * 1024, custom.Remote!.MaximumFrameSize);
        Assert.Equal(256 * 1024, custom.Remote.BulkChunkSize); // the default
        Assert.Equal("127.0.0.1", custom.Remote.Hostname);

        var error = Assert.Throws<FormatException>(() => ActorSystemSettings.FromConfiguration(Config(("actornet:actor:ask-timeout", "soon"))));
        Assert.Contains("actornet:actor:ask-timeout", error.Message);
        error = Assert.Throws<FormatException>(() => ActorSystemSettings.FromConfiguration(Config(("actornet:actor:throughput", "0"))));
        Assert.Contains("throughput", error.Message);
    }

    [Fact]
    public void Addresses_and_paths_parse_and_format()
    {
        var path = ActorPath.Parse("actornet.tcp://app@127.0.0.1:2552/user/a/b");
        Assert.Equal(new Address(Address.TcpProtocol, "app", "127.0.0.1", 2552), path.Address);
        Assert.Equal(["user", "a", "b"], path.Elements);
        Assert.Equal("actornet.tcp://app@127.0.0.1:2552/user/a/b", path.ToString());
        Assert.Equal("/user/a", path.Parent.ToStringWithoutAddress());
        Assert.Contains("99999", Assert.Throws<FormatException>(() => ActorPath.Parse("actornet.tcp://app@host:99999/user")).Message);
        Assert.Contains("://", Assert.Throws<FormatException>(() => ActorPath.Parse("user/a")).Message);
        var local = ActorPath.Parse("actornet://app/user/a");
        Assert.Equal("actornet://app/user/a", local.ToString());
        Assert.Equal("app", local.Address.System);
        Assert.Equal(local, ActorPath.Parse(local.ToString()));
    }
}
