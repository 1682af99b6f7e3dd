namespace ActorNet.Bench.Training;

/// <summary>Small facts about this machine and a filled buffer for the loopback floor.</summary>
internal static class Machine
{
    /// <summary>Total memory in GiB (from the GC's view of the machine).</summary>
    public static long MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 30;

    /// <summary>
    /// Seconds for one thread to copy <paramref name="source"/> once into a new array (allocation, page faults and the
    /// copy, as each user-space copy on the store's path does) and once into an array already touched (the copy alone);
    /// the median of 3 each.
    /// </summary>
    public static (double Fresh, double Reused) CopySeconds(byte[] source)
    {
        var reused = new byte[source.Length];
        source.CopyTo(reused, 0);
        double Median(Func<double> f) => Enumerable.Range(0, 3).Select(_ => f()).Order().ElementAt(1);
        double fresh = Median(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var copy = GC.AllocateUninitializedArray<byte>(source.Length);
            source.CopyTo(copy, 0);
            return clock.Elapsed.TotalSeconds;
        });
        double again = Median(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            source.CopyTo(reused, 0);
            return clock.Elapsed.TotalSeconds;
        });
        return (fresh, again);
    }

    /// <summary>A byte array of <paramref name="bytes"/> with every page written (so the floor never reads untouched zero pages).</summary>
    public static byte[] Filled(long bytes)
    {
        var array = new byte[bytes];
        new Random(1).NextBytes(array);
        return array;
    }
}
