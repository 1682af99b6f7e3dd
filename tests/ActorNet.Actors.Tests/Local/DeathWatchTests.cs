using ActorNet.Actors;

namespace ActorNet.Actors.Tests.Local;

public sealed class DeathWatchTests : TestKit.TestKit
{
    private sealed class Idle : ReceiveActor
    {
        public Idle() => ReceiveAny(m => Sender.Tell(m));
    }

    /// <summary>Watches what it is told to watch and reports Terminated (or leaves it unhandled when told so).</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef probe, bool handleTerminated)
        {
            Receive<(string Verb, IActorRef Subject)>(c =>
            {
                if (c.Verb == "watch") Context.Watch(c.Subject);
                else Context.Unwatch(c.Subject);
                Sender.Tell("ok");
            });
            if (handleTerminated) Receive<Terminated>(t => probe.Tell(t));
        }

        protected override void PostStop() => Context.System.EventStream.Publish("watcher stopped");
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent(IActorRef probe)
        {
            Receive<string>(name => Sender.Tell(Context.ActorOf(Props.Create(() => new Reporter(probe, name)), name)));
        }

        protected override void PostStop() => Context.System.EventStream.Publish("parent poststop");
    }

    private sealed class Reporter : ReceiveActor
    {
        private readonly IActorRef _probe;
        private readonly string _name;

        public Reporter(IActorRef probe, string name)
        {
            _probe = probe;
            _name = name;
            ReceiveAny(m => probe.Tell(m));
        }

        protected override void PostStop() => _probe.Tell($"poststop {_name}");
    }

    private async Task Command(IActorRef watcher, string verb, IActorRef subject) =>
        Assert.Equal("ok", await watcher.Ask<string>((verb, subject), TimeSpan.FromSeconds(5)));

    [Fact]
    public async Task Watching_delivers_Terminated_once_the_subject_stops()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor.Ref, true)));
        await Command(watcher, "watch", subject);
        Sys.Stop(subject);
        var terminated = ExpectMsg<Terminated>();
        Assert.Equal(subject, terminated.ActorRef);
        Assert.True(terminated.ExistenceConfirmed);
        Assert.False(terminated.AddressTerminated);
    }

    [Fact]
    public async Task Watching_an_actor_that_is_already_dead_still_delivers_Terminated()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>());
        TestActor.Watch(subject);
        subject.Tell(PoisonPill.Instance);
        TestActor.ExpectTerminated(subject);
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor.Ref, true)));
        await Command(watcher, "watch", subject);
        Assert.Equal(subject, ExpectMsg<Terminated>().ActorRef);
    }

    [Fact]
    public async Task Unwatch_prevents_Terminated()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor.Ref, true)));
        await Command(watcher, "watch", subject);
        await Command(watcher, "unwatch", subject);
        TestActor.Watch(subject);
        Sys.Stop(subject);
        TestActor.ExpectTerminated(subject); // the probe's own watch proves the stop happened
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task An_unhandled_Terminated_stops_the_watcher_with_a_death_pact()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor.Ref, false)));
        await Command(watcher, "watch", subject);
        TestActor.Watch(watcher);
        Sys.Stop(subject);
        TestActor.ExpectTerminated(watcher);
    }

    [Fact]
    public void PoisonPill_is_processed_after_the_messages_before_it()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>());
        TestActor.Watch(subject);
        subject.Tell(1, TestActor.Ref);
        subject.Tell(2, TestActor.Ref);
        subject.Tell(PoisonPill.Instance);
        subject.Tell(3, TestActor.Ref);
        ExpectMsg(1);
        ExpectMsg(2);
        TestActor.ExpectTerminated(subject);
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Children_stop_before_their_parent_and_messages_to_stopped_actors_are_dead_letters()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(string));
        Sys.EventStream.Subscribe(events.Ref, typeof(DeadLetter));
        var parent = Sys.ActorOf(Props.Create(() => new Parent(TestActor.Ref)));
        parent.Tell("c1", TestActor.Ref);
        var c1 = ExpectMsg<IActorRef>();
        parent.Tell("c2", TestActor.Ref);
        ExpectMsg<IActorRef>();
        TestActor.Watch(parent);
        Sys.Stop(parent);
        var stops = new[] { ExpectMsg<string>(), ExpectMsg<string>() };
        Assert.Equal(["poststop c1", "poststop c2"], stops.Order());
        events.ExpectMsg("parent poststop");
        TestActor.ExpectTerminated(parent);

        long before = Sys.DeadLetterCount;
        c1.Tell("too late");
        var dead = events.ExpectMsg<DeadLetter>();
        Assert.Equal("too late", dead.Message);
        Assert.Equal(c1, dead.Recipient);
        Assert.Equal(before + 1, Sys.DeadLetterCount);
    }
}
