using ActorNet.Actors;

namespace ActorNet.Actors.Tests.Local;

public sealed class BehaviorTests : TestKit.TestKit
{
    /// <summary>A door: closed until "open"; while closed, "enter" is stashed and replayed on opening.</summary>
    private sealed class Door : ReceiveActor, IWithStash
    {
        public IStash Stash { get; set; } = null!;

        public Door() => Closed();

        private void Closed()
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(Open);
                Stash.UnstashAll();
            });
            Receive<string>(s => s.StartsWith("enter", StringComparison.Ordinal), _ => Stash.Stash());
            Receive<string>(s => s == "state", _ => Sender.Tell("closed"));
        }

        private void Open()
        {
            Receive<string>(s => s.StartsWith("enter", StringComparison.Ordinal), s => Sender.Tell($"welcome {s[6..]}"));
            Receive<string>(s => s == "peek", _ => BecomeStacked(() => Receive<string>(_ => { Sender.Tell("peeking"); UnbecomeStacked(); })));
            Receive<string>(s => s == "state", _ => Sender.Tell("open"));
        }
    }

    private sealed class AsyncWorker : ReceiveActor
    {
        public AsyncWorker()
        {
            ReceiveAsync<int>(async n =>
            {
                await Task.Yield();
                await Task.Delay(n);
                Sender.Tell($"done {n}");
            });
            ReceiveAsync<string>(async s =>
            {
                await Task.Yield();
                throw new InvalidOperationException(s);
            });
        }

        protected override void PostRestart(Exception reason) => Context.System.EventStream.Publish($"restarted after {reason.Message}");
    }

    [Fact]
    public void Stashed_messages_come_back_in_order_after_Become()
    {
        var door = Sys.ActorOf(Props.Create<Door>());
        door.Tell("enter a", TestActor.Ref);
        door.Tell("enter b", TestActor.Ref);
        door.Tell("state", TestActor.Ref);
        ExpectMsg("closed");
        door.Tell("open", TestActor.Ref);
        door.Tell("enter c", TestActor.Ref);
        ExpectMsg("welcome a");
        ExpectMsg("welcome b");
        ExpectMsg("welcome c");
    }

    [Fact]
    public void BecomeStacked_and_UnbecomeStacked_return_to_the_previous_behaviour()
    {
        var door = Sys.ActorOf(Props.Create<Door>());
        door.Tell("open", TestActor.Ref);
        door.Tell("peek", TestActor.Ref);
        door.Tell("anything", TestActor.Ref);
        door.Tell("state", TestActor.Ref);
        ExpectMsg("peeking");
        ExpectMsg("open");
    }

    [Fact]
    public void Async_handlers_finish_before_the_next_message_and_keep_the_sender()
    {
        var worker = Sys.ActorOf(Props.Create<AsyncWorker>());
        worker.Tell(30, TestActor.Ref);
        worker.Tell(0, TestActor.Ref);
        ExpectMsg("done 30");
        ExpectMsg("done 0");
    }

    [Fact]
    public void A_faulted_async_handler_fails_the_actor()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(string));
        var worker = Sys.ActorOf(Props.Create<AsyncWorker>());
        worker.Tell("bad input", TestActor.Ref);
        events.ExpectMsg("restarted after bad input");
        worker.Tell(0, TestActor.Ref);
        ExpectMsg("done 0");
    }

    [Fact]
    public void Unhandled_messages_are_published()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(UnhandledMessage));
        var door = Sys.ActorOf(Props.Create<Door>());
        door.Tell(42, TestActor.Ref);
        var unhandled = events.ExpectMsg<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(door, unhandled.Recipient);
    }
}
