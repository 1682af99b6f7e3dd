using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.Local;

public sealed class TestKitTests : TestKit.TestKit
{
    [Fact]
    public void Expectations_fail_with_a_message_that_names_what_was_wrong()
    {
        TestActor.Ref.Tell("text");
        var wrongType = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<int>());
        Assert.Contains("String text", wrongType.Message);
        TestActor.Ref.Tell(5);
        Assert.Throws<TestKitAssertionException>(() => ExpectMsg(6));
        var none = Assert.Throws<TestKitAssertionException>(() => TestActor.ExpectMsg<int>(TimeSpan.FromMilliseconds(20)));
        Assert.Contains("timeout", none.Message);
        TestActor.Ref.Tell("unexpected");
        Assert.Throws<TestKitAssertionException>(() => ExpectNoMsg(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void FishForMessage_skips_until_the_match_and_Within_shares_its_deadline()
    {
        foreach (var n in new[] { 1, 2, 3, 4 }) TestActor.Ref.Tell(n);
        Assert.Equal(3, TestActor.FishForMessage<int>(n => n == 3));
        Assert.Equal(4, ExpectMsg<int>());
        var inside = Assert.Throws<TestKitAssertionException>(() =>
            TestActor.Within(TimeSpan.FromMilliseconds(30), () => TestActor.ExpectMsg<int>(TimeSpan.FromSeconds(30))));
        Assert.Contains("timeout", inside.Message); // the block's 30 ms won over the expectation's 30 s
    }

    [Fact]
    public void The_fake_clock_fires_timers_in_due_order_only_when_advanced()
    {
        var clock = new FakeTimeProvider();
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["early", "late", "early"], fired); // at 1 s, 2 s and 6 s; the next early is due at 11 s
        Assert.Equal(TimeSpan.FromSeconds(10.999), clock.GetElapsedTime(0));
    }
}
