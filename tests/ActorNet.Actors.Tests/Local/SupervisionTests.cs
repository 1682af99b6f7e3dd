using ActorNet.Actors;
using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.Local;

public sealed class SupervisionTests() : TestKit.TestKit(time: new FakeTimeProvider())
{
    /// <summary>Reports its lifecycle to a probe; "boom:X" throws X, "state" replies with the message count.</summary>
    private sealed class Worker : ReceiveActor
    {
        private readonly IActorRef _probe;
        private int _state;

        public Worker(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s.StartsWith("boom:", StringComparison.Ordinal), s =>
            {
                _state++;
                throw s[5..] switch
                {
                    "resume" => new ArithmeticException("resume me"),
                    "stop" => new NotSupportedException("stop me"),
                    "escalate" => new InvalidProgramException("escalate me"),
                    _ => new InvalidOperationException("restart me"),
                };
            });
            Receive<string>(s => s == "state", _ => Sender.Tell(_state));
            Receive<string>(s => { _state++; _probe.Tell(s); });
        }

        protected override void PreStart() => _probe.Tell($"prestart {Self.Path.Name}");
        protected override void PostStop() => _probe.Tell($"poststop {Self.Path.Name}");
        protected override void PreRestart(Exception reason, object? message)
        {
            _probe.Tell($"prerestart {Self.Path.Name} {message}");
            base.PreRestart(reason, message);
        }
        protected override void PostRestart(Exception reason)
        {
            _probe.Tell($"postrestart {Self.Path.Name} {reason.GetType().Name}");
            base.PostRestart(reason);
        }
    }

    private static Directive Decide(Exception e) => e switch
    {
        ArithmeticException => Directive.Resume,
        NotSupportedException => Directive.Stop,
        InvalidProgramException => Directive.Escalate,
        _ => Directive.Restart,
    };

    /// <summary>Creates children on request and supervises them with the given strategy.</summary>
    private sealed class Supervisor : ReceiveActor
    {
        private readonly SupervisorStrategy _strategy;

        public Supervisor(SupervisorStrategy strategy, IActorRef probe)
        {
            _strategy = strategy;
            Receive<string>(name => Sender.Tell(Context.ActorOf(Props.Create(() => new Worker(probe)), name)));
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    private IActorRef Child(IActorRef supervisor, string name)
    {
        supervisor.Tell(name, TestActor.Ref);
        var child = ExpectMsg<IActorRef>();
        ExpectMsg($"prestart {name}");
        return child;
    }

    [Fact]
    public async Task Restart_replaces_the_instance_keeps_the_mailbox_and_runs_restart_hooks()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(Decide), TestActor.Ref)));
        var child = Child(supervisor, "w");
        child.Tell("a");
        ExpectMsg("a");
        child.Tell("boom:restart");
        child.Tell("after");
        ExpectMsg("prerestart w boom:restart");
        ExpectMsg("poststop w");
        ExpectMsg("postrestart w InvalidOperationException");
        ExpectMsg("prestart w");
        ExpectMsg("after");
        Assert.Equal(1, await child.Ask<int>("state", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Resume_keeps_the_state()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(Decide), TestActor.Ref)));
        var child = Child(supervisor, "w");
        child.Tell("a");
        child.Tell("boom:resume");
        child.Tell("b");
        ExpectMsg("a");
        ExpectMsg("b");
        Assert.Equal(3, await child.Ask<int>("state", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Stop_directive_stops_the_child_and_notifies_watchers()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(Decide), TestActor.Ref)));
        var child = Child(supervisor, "w");
        TestActor.Watch(child);
        child.Tell("boom:stop");
        ExpectMsg("poststop w");
        TestActor.ExpectTerminated(child);
    }

    [Fact]
    public void Escalated_failure_restarts_the_parent_and_stops_the_children()
    {
        var inner = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(Decide), TestActor.Ref)), "inner");
        var leaf = Child(inner, "leaf");
        TestActor.Watch(leaf);
        leaf.Tell("boom:escalate");
        // inner escalates to /user, whose default strategy restarts inner; inner's default PreRestart stops leaf.
        ExpectMsg("poststop leaf");
        TestActor.ExpectTerminated(leaf);
        inner.Tell("leaf", TestActor.Ref); // the restarted supervisor can create a child of the same name again
        ExpectMsg<IActorRef>();
        ExpectMsg("prestart leaf");
    }

    [Fact]
    public void Restarts_beyond_the_limit_within_the_window_stop_the_child()
    {
        var strategy = new OneForOneStrategy(2, TimeSpan.FromSeconds(10), Decide);
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy, TestActor.Ref)));
        var child = Child(supervisor, "w");
        TestActor.Watch(child);
        for (int i = 0; i < 2; i++)
        {
            child.Tell("boom:restart");
            TestActor.FishForMessage<string>(s => s == "prestart w");
        }
        Time!.Advance(TimeSpan.FromSeconds(11)); // a new window: the count starts again
        for (int i = 0; i < 2; i++)
        {
            child.Tell("boom:restart");
            TestActor.FishForMessage<string>(s => s == "prestart w");
        }
        child.Tell("boom:restart");
        TestActor.FishForMessage<Terminated>(t => t.ActorRef.Equals(child));
    }

    [Fact]
    public void AllForOne_restarts_the_siblings_too()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(new AllForOneStrategy(Decide), TestActor.Ref)));
        var a = Child(supervisor, "a");
        Child(supervisor, "b");
        a.Tell("boom:restart");
        var seen = new HashSet<string>();
        for (int i = 0; i < 8; i++) seen.Add(ExpectMsg<string>());
        Assert.Contains("postrestart a InvalidOperationException", seen);
        Assert.Contains("postrestart b InvalidOperationException", seen);
        Assert.Contains("prestart a", seen);
        Assert.Contains("prestart b", seen);
    }

    [Fact]
    public void Kill_stops_the_actor_under_the_default_strategy()
    {
        var worker = Sys.ActorOf(Props.Create(() => new Worker(TestActor.Ref)), "killed");
        ExpectMsg("prestart killed");
        TestActor.Watch(worker);
        worker.Tell(Kill.Instance);
        ExpectMsg("poststop killed");
        TestActor.ExpectTerminated(worker);
    }

    [Fact]
    public void A_constructor_failure_stops_the_actor()
    {
        var failing = Sys.ActorOf(Props.Create(() => new ThrowingConstructor()));
        TestActor.Watch(failing);
        TestActor.ExpectTerminated(failing);
    }

    private sealed class ThrowingConstructor : ReceiveActor
    {
        public ThrowingConstructor() => throw new InvalidOperationException("cannot start");
    }
}
