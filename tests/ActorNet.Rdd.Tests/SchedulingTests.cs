namespace ActorNet.Rdd.Tests;

public class SchedulingTests : RddTestsBase
{
    private static int Explode(int x) => x == 7 ? throw new FormatException($"bad record {x}") : x;

    [Fact]
    public void TaskExceptionsSurfaceWithTypeMessageAndTaskStack()
    {
        using var sc = Local2();
        var e = Assert.Throws<RddJobException>(() => sc.Parallelize(Enumerable.Range(0, 10), 2).Map(Explode).Collect());
        Assert.Equal(typeof(FormatException).FullName, e.TaskExceptionType);
        Assert.Equal("bad record 7", e.TaskExceptionMessage);
        Assert.Contains(nameof(Explode), e.TaskStackTrace);
        Assert.Contains("Job aborted due to stage failure", e.Message);
        Assert.Contains("failed 4 times", e.Message);
        Assert.Contains("System.FormatException: bad record 7", e.Message);
    }

    [Fact]
    public async Task CancellingAJobGroupKillsItsRunningTasks()
    {
        using var sc = Local2();
        var signal = Shipped ? "cancel-group-shipped" : "cancel-group";
        var job = Task.Run(() =>
        {
            sc.SetJobGroup("slow", "a job that never ends by itself");
            sc.Parallelize(Enumerable.Range(0, 2), 2).Foreach(_ =>
            {
                StartSignals.For(signal).Release();
                TaskContext.Get()!.CancellationToken.WaitHandle.WaitOne();
                TaskContext.Get()!.CancellationToken.ThrowIfCancellationRequested();
            });
        });
        await StartSignals.WaitFor(signal, job);
        sc.CancelJobGroup("slow");
        var e = await Assert.ThrowsAsync<JobCancelledException>(() => job);
        Assert.Contains("slow", e.Message);
        // The context still runs jobs afterwards.
        Assert.Equal(3, sc.Parallelize(new[] { 1, 2, 3 }, 2).Count());
    }

    [Fact]
    public void CancellingAnotherGroupLeavesAJobAlone()
    {
        using var sc = Local2();
        sc.SetJobGroup("mine");
        sc.CancelJobGroup("other");
        Assert.Equal(10, sc.Parallelize(Enumerable.Range(0, 10), 2).Count());
        sc.ClearJobGroup();
    }

    [Fact]
    public async Task ConcurrentJobsAllComplete()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(Enumerable.Range(0, 1000), 8).Map(x => (x % 10, 1)).ReduceByKey((a, b) => a + b);
        var jobs = Enumerable.Range(0, 6).Select(_ => Task.Run(() => rdd.Collect())).ToArray();
        foreach (var result in await Task.WhenAll(jobs)) Assert.Equal(Enumerable.Range(0, 10).Select(k => (k, 100)), result.Order());
    }

    [Fact]
    public void FinishedShuffleStagesAreReusedByLaterJobs()
    {
        using var sc = Local2();
        var mapped = sc.LongAccumulator();
        var counts = sc.Parallelize(Enumerable.Range(0, 100), 4).Map(x =>
        {
            mapped.Add(1);
            return (x % 3, 1);
        }).ReduceByKey((a, b) => a + b);
        Assert.Equal(3, counts.Count());
        Assert.Equal(100, mapped.Value);
        Assert.Equal(new[] { (0, 34), (1, 33), (2, 33) }, counts.Collect().Order());
        Assert.Equal(100, mapped.Value);
    }

    [Fact]
    public void LostShuffleOutputsAreRecomputedFromLineage()
    {
        using var sc = Local2();
        var mapped = sc.LongAccumulator();
        var sums = sc.Parallelize(Enumerable.Range(0, 100), 4).Map(x =>
        {
            mapped.Add(1);
            return (x % 5, x);
        }).ReduceByKey((a, b) => a + b);
        var expected = Enumerable.Range(0, 100).GroupBy(x => x % 5).Select(g => (g.Key, g.Sum())).Order().ToArray();
        Assert.Equal(expected, sums.Collect().Order());

        var shuffleDir = Directory.GetDirectories(Path.GetTempPath(), $"actornet-{sc.AppId}").Single();
        foreach (var file in Directory.GetFiles(Path.Combine(shuffleDir, "shuffle"), "*.data")) File.Delete(file);

        Assert.Equal(expected, sums.Collect().Order());
        // The map stage ran again: 100 records the first time, 100 the second.
        Assert.Equal(200, mapped.Value);
    }

    [Fact]
    public async Task TasksThatKeepFailingInOneStageDoNotBlockOtherJobs()
    {
        using var sc = Local2();
        var failing = Task.Run(() => sc.Parallelize(Enumerable.Range(0, 10), 2).Map(Explode).Count());
        var fine = sc.Parallelize(Enumerable.Range(0, 10), 2).Map(x => x + 1).Sum();
        Assert.Equal(55, fine);
        await Assert.ThrowsAsync<RddJobException>(() => failing);
    }
}

public class FailureAndStopTests : RddTestsBase
{
    [Fact]
    public void TheFailureCountInTheMasterUrlOverridesTheSetting()
    {
        using var sc = NewContext("local[2,1]", "tests");
        var e = Assert.Throws<RddJobException>(() => sc.Parallelize(Enumerable.Range(0, 4), 2).Foreach(x =>
        {
            if (x == 3) throw new InvalidOperationException("once is enough");
        }));
        Assert.Contains("failed 1 times", e.Message);
    }

    [Fact]
    public void ActionsInsideTasksAreRefused()
    {
        using var sc = NewContext("local[1]", "tests");
        var inner = sc.Parallelize(new[] { 1, 2 }, 1);
        var e = Assert.Throws<RddJobException>(() => sc.Parallelize(new[] { 1 }, 1).Map(_ => inner.Count()).Collect());
        Assert.Equal(typeof(InvalidOperationException).FullName, e.TaskExceptionType);
        Assert.Contains("only be invoked by the driver", e.TaskExceptionMessage);
    }

    [Fact]
    public void AnExceptionInAMapStageFailsTheJobWithTheTaskException()
    {
        using var sc = Local2();
        var e = Assert.Throws<RddJobException>(() => sc.Parallelize(Enumerable.Range(0, 10), 2)
            .Map(x => x == 4 ? throw new KeyNotFoundException("no key 4") : (x % 2, x))
            .ReduceByKey((a, b) => a + b).Collect());
        Assert.Equal(typeof(KeyNotFoundException).FullName, e.TaskExceptionType);
        Assert.Equal("no key 4", e.TaskExceptionMessage);
    }

    [Fact]
    public async Task StoppingTheContextCancelsRunningJobs()
    {
        var sc = Local2();
        var signal = Shipped ? "stop-shipped" : "stop";
        var job = Task.Run(() => sc.Parallelize(Enumerable.Range(0, 2), 2).Foreach(_ =>
        {
            StartSignals.For(signal).Release();
            TaskContext.Get()!.CancellationToken.WaitHandle.WaitOne();
        }));
        await StartSignals.WaitFor(signal, job);
        sc.Stop();
        var e = await Assert.ThrowsAsync<JobCancelledException>(() => job);
        Assert.Contains("stopped", e.Message);
    }
}

/// <summary>Every test of <see cref="SchedulingTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedSchedulingTests : SchedulingTests
{
    protected override bool Shipped => true;
}

/// <summary>Every test of <see cref="FailureAndStopTests"/> with tasks run from their serialized binaries.</summary>
public sealed class ShippedFailureAndStopTests : FailureAndStopTests
{
    protected override bool Shipped => true;
}

internal static class SumExtensions
{
    public static int Sum(this Rdd<int> rdd) => rdd.Fold(0, (a, b) => a + b);
}
