using ActorNet.Actors;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Tests.Local;

public sealed class BoundedMailboxTests : TestKit.TestKit
{
    /// <summary>Blocks in its first message until released, so that its mailbox fills up.</summary>
    private sealed class Gate : ReceiveActor
    {
        public Gate(ManualResetEventSlim entered, ManualResetEventSlim release) =>
            Receive<int>(i =>
            {
                if (i == 0)
                {
                    entered.Set();
                    release.Wait(TimeSpan.FromSeconds(10));
                }
                Sender.Tell(i);
            });
    }

    [Fact]
    public void A_full_bounded_mailbox_turns_further_messages_into_dead_letters()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(DeadLetter));
        var gate = Sys.ActorOf(Props.Create(() => new Gate(entered, release)).WithMailboxCapacity(2));
        gate.Tell(0, TestActor.Ref);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        gate.Tell(1, TestActor.Ref);
        gate.Tell(2, TestActor.Ref);
        gate.Tell(3, TestActor.Ref); // the mailbox holds 1 and 2: this one is dropped
        Assert.Equal(3, events.ExpectMsg<DeadLetter>().Message);
        release.Set();
        ExpectMsg(0);
        ExpectMsg(1);
        ExpectMsg(2);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task The_configured_capacity_applies_to_every_actor()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:actor:mailbox-capacity"] = "1" }).Build();
        await using var system = ActorSystem.Create("bounded", config);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var gate = system.ActorOf(Props.Create(() => new Gate(entered, release)));
        gate.Tell(0);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        gate.Tell(1);
        long before = system.DeadLetterCount;
        gate.Tell(2);
        Assert.Equal(before + 1, system.DeadLetterCount);
        release.Set();
    }
}
