using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Tests;

public class AccumulatorTests : RddTestsBase
{
    // Attempt numbers of failing attempts, seen by the tasks themselves, by test variant. Static: a task cannot capture
    // a driver-side collection (it would not serialize); accumulators would drop the failed attempts' additions.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<int>> FailedAttempts = new();

    [Fact]
    public void UpdatesOfAFailedAttemptAreDroppedAndTheRetryCountsOnce()
    {
        using var sc = Local2();
        var acc = sc.LongAccumulator("records");
        var attempts = sc.CollectionAccumulator<int>("attempts");
        sc.Parallelize(Enumerable.Range(0, 40), 4).Foreach(x =>
        {
            acc.Add(1);
            var task = TaskContext.Get()!;
            if (x == 25 && task.AttemptNumber == 0) throw new InvalidOperationException("first attempt fails");
            if (x % 10 == 0) attempts.Add(task.AttemptNumber);
        });
        Assert.Equal(40, acc.Value);
        Assert.Equal(40, acc.Count);
        // Partition 2 (20..29) was retried once; the others ran once.
        Assert.Equal(new[] { 0, 0, 0, 1 }, attempts.Value.Order());
    }

    [Fact]
    public void ATaskFailingEveryAttemptFailsTheJobAfterMaxFailures()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:rdd:task:max-failures"] = "3" }).Build();
        // One slot: partition 0 finishes (and its updates are merged) before partition 1's attempts start, so the job
        // cannot be aborted before partition 0 reports.
        using var sc = NewContext("local[1]", "tests", config);
        var attempts = sc.LongAccumulator();
        var variant = Shipped ? "shipped" : "local";
        var e = Assert.Throws<RddJobException>(() => sc.Parallelize(Enumerable.Range(0, 4), 2).Foreach(x =>
        {
            if (x == 3)
            {
                FailedAttempts.GetOrAdd(variant, _ => []).Add(TaskContext.Get()!.AttemptNumber);
                throw new ArgumentException("always");
            }
            attempts.Add(1);
        }));
        Assert.Equal(new[] { 0, 1, 2 }, FailedAttempts[variant].Order());
        Assert.Contains("failed 3 times", e.Message);
        // Only partition 0 succeeded; partition 1's attempts added 1 each before failing and were dropped.
        Assert.Equal(2, attempts.Value);
    }

    [Fact]
    public void DoubleAndCollectionAccumulators()
    {
        using var sc = Local2();
        var d = sc.DoubleAccumulator("d");
        var c = sc.CollectionAccumulator<string>("c");
        sc.Parallelize(new[] { 0.5, 1.5, 2.0 }, 2).Foreach(x =>
        {
            d.Add(x);
            c.Add(x.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        Assert.Equal(4.0, d.Value);
        Assert.Equal(4.0 / 3, d.Avg, 12);
        Assert.Equal(new[] { "0.5", "1.5", "2" }, c.Value.Order());
        Assert.Equal("d", d.Name);
    }

    private sealed class MaxAccumulator : AccumulatorV2<int, int>
    {
        private int _max = int.MinValue;

        public override bool IsZero => _max == int.MinValue;

        public override AccumulatorV2<int, int> Copy() => new MaxAccumulator { _max = _max };

        public override void Reset() => _max = int.MinValue;

        public override void Merge(AccumulatorV2<int, int> other) => _max = Math.Max(_max, other.Value);

        protected override void AddValue(int value) => _max = Math.Max(_max, value);

        protected override int GetValue() => _max;
    }

    [Fact]
    public void CustomAccumulatorsMergeTaskCopies()
    {
        using var sc = Local2();
        var max = new MaxAccumulator();
        sc.Register(max, "max");
        Assert.True(max.IsRegistered);
        var data = TestData.Numbers(500);
        sc.Parallelize(data, 5).Foreach(max.Add);
        Assert.Equal(data.Max(), max.Value);
        Assert.Throws<InvalidOperationException>(() => sc.Register(max));
    }

    [Fact]
    public void AddsOnTheDriverApplyDirectly()
    {
        using var sc = Local2();
        var acc = sc.LongAccumulator();
        acc.Add(5);
        sc.Parallelize(new[] { 1, 2 }, 2).Foreach(x => acc.Add(x));
        Assert.Equal(8, acc.Value);
    }
}

/// <summary>Every test of <see cref="AccumulatorTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedAccumulatorTests : AccumulatorTests
{
    protected override bool Shipped => true;
}
