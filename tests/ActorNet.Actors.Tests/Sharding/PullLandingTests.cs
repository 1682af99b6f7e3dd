using ActorNet.Actors.Sharding;

namespace ActorNet.Actors.Tests.Sharding;

/// <summary>
/// How the store's pulls use the landing they offer each slice's reply (<see cref="ReplyLanding"/>): a stand-in region
/// plays the transport's part (claiming, filling and marking the landing) so each case is deterministic.
/// </summary>
public sealed class PullLandingTests : TestKit.TestKit
{
    private enum Behaviour { Land, IgnoreFirst, ClaimFirstThenIgnore }

    /// <summary>Answers pulls of a 6-float vector in slices of 3 (values = index), as <paramref name="behaviour"/> says; counts the asks.</summary>
    private sealed class StandInRegion : ReceiveActor
    {
        public int Asks;

        public StandInRegion(Behaviour behaviour)
        {
            Receive<PullSlice>(pull =>
            {
                int ask = Interlocked.Increment(ref Asks);
                var landing = ((PromiseActorRef)Sender).Landing!;
                var values = Enumerable.Range(pull.Slice * 3, 3).Select(i => (float)i).ToArray();
                switch (behaviour)
                {
                    case Behaviour.Land:
                        Assert.True(landing.TryClaim(3));
                        values.CopyTo(landing.Segment.AsSpan());
                        landing.MarkLanded();
                        Sender.Tell(new SliceValue(pull.Key, pull.Slice, 6, landing.Segment));
                        break;
                    case Behaviour.IgnoreFirst when ask <= 2:
                        break; // the first ask of each slice is lost (both slices are asked at once)
                    case Behaviour.ClaimFirstThenIgnore when ask <= 2:
                        Assert.True(landing.TryClaim(3)); // a reply starts arriving, and never completes
                        break;
                    default:
                        Sender.Tell(new SliceValue(pull.Key, pull.Slice, 6, new ArraySegment<float>(values)));
                        break;
                }
            });
        }
    }

    private (ShardedVectorStore Store, StandInRegion Region) Start(Behaviour behaviour)
    {
        StandInRegion? region = null;
        var actor = Sys.ActorOf(Props.Create(() => region = new StandInRegion(behaviour)));
        var store = new ShardedVectorStore(actor, sliceSize: 3, timeout: TimeSpan.FromSeconds(10)) { AttemptTimeout = TimeSpan.FromMilliseconds(300) };
        TestKit.TestProbe.AwaitCondition(() => region is not null, TimeSpan.FromSeconds(5));
        return (store, region!);
    }

    [Fact]
    public async Task A_landed_reply_fills_the_destination_without_a_copy()
    {
        var (store, region) = Start(Behaviour.Land);
        var destination = new float[6];
        await store.PullAsync("v", destination);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], destination);
        Assert.Equal(2, region.Asks);
    }

    [Fact]
    public async Task An_unanswered_slice_is_asked_again_when_nothing_was_being_written()
    {
        var (store, region) = Start(Behaviour.IgnoreFirst);
        var destination = new float[6];
        await store.PullAsync("v", destination);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], destination);
        Assert.Equal(4, region.Asks);
    }

    [Fact]
    public async Task A_slice_whose_reply_was_arriving_when_its_ask_timed_out_fails_the_pull_instead_of_asking_into_it_again()
    {
        var (store, region) = Start(Behaviour.ClaimFirstThenIgnore);
        await Assert.ThrowsAsync<AskTimeoutException>(() => store.PullAsync("v", new float[6]));
        await Task.Delay(500); // longer than an attempt: no second ask went out
        Assert.Equal(2, region.Asks);
    }
}
