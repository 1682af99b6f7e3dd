using ActorNet.Actors;
using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.Local;

public sealed class TimerTests() : TestKit.TestKit(time: new FakeTimeProvider())
{
    private sealed class Ticker : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public Ticker(IActorRef probe)
        {
            Receive<string>(s => s == "single", _ => { Timers.StartSingleTimer("k", "fired", TimeSpan.FromSeconds(1)); Sender.Tell("armed"); });
            Receive<string>(s => s == "periodic", _ => { Timers.StartPeriodicTimer("k", "tick", TimeSpan.FromSeconds(1)); Sender.Tell("armed"); });
            Receive<string>(s => s == "cancel", _ => { Timers.Cancel("k"); Sender.Tell("canceled"); });
            Receive<string>(s => s == "active", _ => Sender.Tell(Timers.IsTimerActive("k")));
            Receive<string>(s => probe.Tell(s));
        }
    }

    private IActorRef Arm(string command)
    {
        var ticker = Sys.ActorOf(Props.Create(() => new Ticker(TestActor.Ref)));
        ticker.Tell(command, TestActor.Ref);
        ExpectMsg("armed");
        return ticker;
    }

    [Fact]
    public async Task A_single_timer_fires_once_when_the_clock_reaches_it()
    {
        var ticker = Arm("single");
        Time!.Advance(TimeSpan.FromMilliseconds(999));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        ExpectMsg("fired");
        Time.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.False(await ticker.Ask<bool>("active", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_periodic_timer_repeats_until_canceled()
    {
        var ticker = Arm("periodic");
        Time!.Advance(TimeSpan.FromSeconds(3));
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectMsg("tick");
        ticker.Tell("cancel", TestActor.Ref);
        ExpectMsg("canceled");
        Time.Advance(TimeSpan.FromSeconds(3));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_timer_canceled_after_firing_but_before_delivery_is_dropped()
    {
        var ticker = Arm("single");
        // Queue the cancel behind nothing, then fire: the firing lands after the cancel in the mailbox or is
        // filtered by its generation; either way "fired" must never be seen after "canceled".
        ticker.Tell("cancel", TestActor.Ref);
        Time!.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("canceled");
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void The_scheduler_tells_on_the_fake_clock()
    {
        var once = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), TestActor.Ref, "once");
        var repeated = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TestActor.Ref, "again");
        Time!.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("again");
        Time.Advance(TimeSpan.FromSeconds(1));
        var two = new[] { ExpectMsg<string>(), ExpectMsg<string>() };
        Assert.Equal(["again", "once"], two.Order());
        repeated.Cancel();
        Assert.True(repeated.IsCancellationRequested);
        Time.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.False(once.IsCancellationRequested);
    }
}
