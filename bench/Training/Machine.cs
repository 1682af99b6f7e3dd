namespace ActorNet.Bench.Training;

/// <summary>Small facts about this machine and a filled buffer for the loopback floor.</summary>
internal static class Machine
{
    /// <summary>Total memory in GiB (from the GC's view of the machine).</summary>
    public static long MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 30;

    /// <summary>A byte array of <paramref name="bytes"/> with every page written (so the floor never reads untouched zero pages).</summary>
    public static byte[] Filled(long bytes)
    {
        var array = new byte[bytes];
        new Random(1).NextBytes(array);
        return array;
    }
}
