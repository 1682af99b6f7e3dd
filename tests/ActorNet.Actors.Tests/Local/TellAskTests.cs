using ActorNet.Actors;
using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.Local;

public sealed class TellAskTests : TestKit.TestKit
{
    private sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            Receive<string>(s => s == "fail", _ => Sender.Tell(new Status.Failure(new InvalidOperationException("asked to fail"))));
            Receive<string>(s => s != "silent", s => Sender.Tell(s));
            Receive<int>(i => Sender.Tell(i + 1));
        }
    }

    private sealed class Forwarder(IActorRef target) : ReceiveActor
    {
        public Forwarder() : this(ActorRefs.Nobody) { }

        private readonly IActorRef _target = target;

        protected override void PreStart() => Become(() => ReceiveAny(m => _target.Forward(m)));
    }

    private sealed class Counter : ReceiveActor
    {
        private int _count;
        private int _inside;

        public Counter()
        {
            Receive<string>(s => s == "get", _ => Sender.Tell(_count));
            Receive<int>(_ =>
            {
                if (Interlocked.Increment(ref _inside) != 1) throw new InvalidOperationException("two messages processed at once");
                _count++; // deliberately not atomic: one-at-a-time processing makes it exact
                Interlocked.Decrement(ref _inside);
            });
        }
    }

    [Fact]
    public void Tell_delivers_in_order_with_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        for (int i = 0; i < 100; i++) echo.Tell(i, TestActor.Ref);
        for (int i = 0; i < 100; i++) ExpectMsg(i + 1);
        Assert.Equal(echo, TestActor.LastSender);
    }

    [Fact]
    public async Task Ask_returns_the_reply_and_throws_on_failure_status()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Assert.Equal("hi", await echo.Ask<string>("hi", TimeSpan.FromSeconds(5)));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => echo.Ask<string>("fail", TimeSpan.FromSeconds(5)));
        Assert.Equal("asked to fail", failure.Message);
        await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<string>(41, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Ask_can_be_canceled()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        using var cts = new CancellationTokenSource();
        var ask = echo.Ask<string>("silent", TimeSpan.FromMinutes(5), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(echo)));
        forwarder.Tell("via", TestActor.Ref);
        ExpectMsg("via");
        Assert.Equal(echo, TestActor.LastSender);
    }

    [Fact]
    public async Task Many_senders_see_one_message_at_a_time()
    {
        var counter = Sys.ActorOf(Props.Create<Counter>());
        const int perSender = 20_000;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < perSender; i++) counter.Tell(i);
        })));
        Assert.Equal(4 * perSender, await counter.Ask<int>("get", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Props_with_wrong_arguments_and_duplicate_names_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Props.Create<Forwarder>("not an actor ref"));
        Assert.Contains("String", error.Message);
        Sys.ActorOf(Props.Create<Echo>(), "twice");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), "twice"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), "a/b"));
    }

    [Fact]
    public void Creating_an_actor_with_new_outside_props_throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Echo());
        Assert.Contains("ActorOf(Props)", error.Message);
    }
}
