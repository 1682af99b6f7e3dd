namespace ActorNet.Bench.Training;

/// <summary>
/// User and kernel CPU seconds of processes on this machine (Linux /proc/PID/stat): on a loaded machine the CPU a
/// transfer costs is steadier than its wall time, and the user/kernel split separates the store's own work
/// (serialization, copies, actors, GC) from the kernel's socket copies, which is nearly all the floor does.
/// </summary>
internal readonly record struct CpuTime(double User, double Kernel, long MinorFaults = 0)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    public double Total => User + Kernel;

    public static CpuTime operator -(CpuTime a, CpuTime b) => new(a.User - b.User, a.Kernel - b.Kernel, a.MinorFaults - b.MinorFaults);

    public static CpuTime operator +(CpuTime a, CpuTime b) => new(a.User + b.User, a.Kernel + b.Kernel, a.MinorFaults + b.MinorFaults);

    /// <summary>This CPU time divided by <paramref name="runs"/> (a per-run figure).</summary>
    public CpuTime Per(int runs) => new(User / runs, Kernel / runs, MinorFaults / runs);

    /// <summary>The CPU time so far of the processes <paramref name="pids"/> (zero for any that cannot be read).</summary>
    public static CpuTime Of(IEnumerable<int> pids) => pids.Select(Of).Aggregate(new CpuTime(0, 0), (a, b) => a + b);

    /// <summary>
    /// The CPU time and minor page faults so far of process <paramref name="pid"/> (each fault is a fresh 4 KiB page
    /// the kernel zeroes and maps: new large arrays); zero where /proc cannot be read (not Linux).
    /// </summary>
    public static CpuTime Of(int pid)
    {
        string path = $"/proc/{pid}/stat";
        if (!File.Exists(path)) return new CpuTime(0, 0);
        string stat = File.ReadAllText(path);
        // Fields after the command (which may hold spaces) in parentheses: state is field 3, minflt 10, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new CpuTime(long.Parse(fields[11]) / TicksPerSecond, long.Parse(fields[12]) / TicksPerSecond, long.Parse(fields[7]));
    }

    public override string ToString() => $"{Total:N2} CPU-s ({User:N2} user + {Kernel:N2} kernel, {MinorFaults * 4096 / 1e9:N1} GB page-faulted)";
}
