namespace ActorNet.Rdd.Tests;

/// <summary>Shared inputs and helpers.</summary>
internal static class TestData
{
    public static int[] Numbers(int n = 100, int seed = 7)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => rng.Next(-50, 50))];
    }

    public static (string, int)[] Pairs(int n = 200, int keys = 13, int seed = 3)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => ($"k{rng.Next(keys)}", rng.Next(100)))];
    }

    public static ClusterContext Local2() => new("local[2]", "tests");

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "actornet-rdd-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static T[] Sorted<T>(this IEnumerable<T> items) => [.. items.Order()];
}

/// <summary>
/// Semaphores that tasks release to say they started, by name. Static: a task cannot capture a driver-side object
/// (it would not serialize, as in Spark); each test uses its own name.
/// </summary>
internal static class StartSignals
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> ByName = new();

    public static SemaphoreSlim For(string name) => ByName.GetOrAdd(name, _ => new SemaphoreSlim(0));

    /// <summary>Waits until a task released <paramref name="name"/>, or rethrows <paramref name="job"/>'s failure if it ended first.</summary>
    public static async Task WaitFor(string name, Task job)
    {
        var started = For(name).WaitAsync();
        if (await Task.WhenAny(started, job) == job) await job;
        await started;
    }
}
