namespace ActorNet.Rdd.Tests;

/// <summary>SaveAsObjectFile / ObjectFile and Pipe in local[2].</summary>
public class ExternalDataTests : RddTestsBase
{
    /// <summary>A record element type: written through the serializer's general path.</summary>
    public sealed record Reading(string Sensor, double[] Values, int? Flag);

    [Fact]
    public void ObjectFilesRoundTripOnePartPerPartitionEmptyOnesIncluded()
    {
        using var sc = Local2();
        var dir = Path.Combine(TestData.TempDir(), "objects");
        var data = TestData.Numbers(10_000);
        sc.Parallelize(data, 3).SaveAsObjectFile(dir);
        Assert.Equal(new[] { "_SUCCESS", "part-00000", "part-00001", "part-00002" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        var back = sc.ObjectFile<int>(dir);
        Assert.Equal(3, back.NumPartitions);
        Assert.Equal(data, back.Collect());
        Assert.Equal(data.Take(3333), sc.ObjectFile<int>(Path.Combine(dir, "part-00000")).Collect());

        // Empty partitions are empty files that read back as empty partitions.
        var sparse = Path.Combine(TestData.TempDir(), "sparse");
        sc.Parallelize(new[] { "a", null, "ü" }, 5).SaveAsObjectFile(sparse);
        var sparseBack = sc.ObjectFile<string?>(sparse);
        Assert.Equal(5, sparseBack.NumPartitions);
        Assert.Equal(new[] { "a", null, "ü" }, sparseBack.Collect());
        var emptyDir = Path.Combine(TestData.TempDir(), "empty");
        sc.Parallelize(Array.Empty<double>(), 2).SaveAsObjectFile(emptyDir);
        Assert.Empty(sc.ObjectFile<double>(emptyDir).Collect());
        Assert.Equal(2, sc.ObjectFile<double>(emptyDir).NumPartitions);

        var records = Enumerable.Range(0, 20).Select(i => new Reading($"s{i % 3}", [i, i / 2.0], i % 4 == 0 ? null : i)).ToArray();
        var recordDir = Path.Combine(TestData.TempDir(), "records");
        sc.Parallelize(records, 2).SaveAsObjectFile(recordDir);
        var recordsBack = sc.ObjectFile<Reading>(recordDir).Collect();
        Assert.Equal(records.Select(r => (r.Sensor, r.Flag)), recordsBack.Select(r => (r.Sensor, r.Flag)));
        Assert.Equal(records.SelectMany(r => r.Values), recordsBack.SelectMany(r => r.Values));

        var pairDir = Path.Combine(TestData.TempDir(), "pairs");
        var pairs = TestData.Pairs();
        sc.Parallelize(pairs, 2).SaveAsObjectFile(pairDir);
        Assert.Equal(pairs.Select(p => p.Item2).Sum(), sc.ObjectFile<(string, int)>(pairDir).Values().Reduce((a, b) => a + b));
    }

    [Fact]
    public void ObjectFilesRefuseAnExistingOutputAnotherTypeAndBrokenFiles()
    {
        using var sc = Local2();
        var dir = Path.Combine(TestData.TempDir(), "objects");
        sc.Parallelize(Enumerable.Range(0, 100), 2).SaveAsObjectFile(dir);
        Assert.Throws<IOException>(() => sc.Parallelize(new[] { 1 }, 1).SaveAsObjectFile(dir));

        var wrongType = Assert.Throws<RddJobException>(() => sc.ObjectFile<long>(dir).Collect());
        Assert.Equal(typeof(InvalidDataException).FullName, wrongType.TaskExceptionType);
        Assert.Contains("holds elements of type System.Int32, not System.Int64", wrongType.TaskExceptionMessage);

        Assert.Throws<FileNotFoundException>(() => sc.ObjectFile<int>(Path.Combine(dir, "absent")));

        var text = Path.Combine(TestData.TempDir(), "text");
        sc.Parallelize(new[] { 1, 2 }, 1).SaveAsTextFile(text);
        Assert.Contains("is not an object file", Assert.Throws<RddJobException>(() => sc.ObjectFile<int>(text).Collect()).TaskExceptionMessage);

        var part = Path.Combine(dir, "part-00001");
        var bytes = File.ReadAllBytes(part);
        File.WriteAllBytes(part, bytes[..^10]);
        Assert.Contains("cut short", Assert.Throws<RddJobException>(() => sc.ObjectFile<int>(dir).Collect()).TaskExceptionMessage);
    }

    [Fact]
    public void PipeSendsEachPartitionThroughOneProcess()
    {
        using var sc = Local2();
        var words = sc.Parallelize(new[] { "alpha", "beta", "gamma", "delta", "epsilon" }, 2);
        Assert.Equal(new[] { "ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON" }, words.Pipe("tr a-z A-Z").Collect());
        Assert.Equal(new[] { "alpha", "beta", "gamma", "delta", "epsilon" }, words.Pipe("cat").Collect());

        // One process per partition, empty partitions included: wc counts each partition's lines.
        var counts = sc.Parallelize(Enumerable.Range(0, 10), 4).Filter(x => x < 5).Pipe("wc -l").Map(s => int.Parse(s.Trim())).Collect();
        Assert.Equal(new[] { 2, 3, 0, 0 }, counts);
        Assert.Equal(new[] { "2", "3", "0", "0" }, sc.Parallelize(Enumerable.Range(0, 10), 4).Filter(x => x < 5).Pipe("wc -l | tr -d ' '").Collect());

        // Elements by ToString, null as "null"; lines come back as written, multi-byte characters included.
        Assert.Equal(new[] { "(1, x)", "null", "grüße" }, sc.Parallelize(new object?[] { (1, "x"), null, "grüße" }, 1).Pipe("cat").Collect());
        // A command may ignore its input, or stop reading it early.
        Assert.Equal(new[] { "hi", "hi" }, words.Pipe("echo hi").Collect());
        Assert.Equal(new[] { "1" }, sc.Parallelize(Enumerable.Range(1, 200_000), 1).Pipe("head -n 1").Collect());
        Assert.Empty(sc.Parallelize(Array.Empty<int>(), 3).Pipe("cat").Collect());
    }

    [Fact]
    public void APipeStoppedEarlyEndsItsProcess()
    {
        using var sc = Local2();
        // The command would sleep for ten minutes after its output: Take stops reading and the process must go.
        var pidFile = Path.Combine(TestData.TempDir(), "pid");
        Assert.Equal(new[] { "a" }, sc.Parallelize(new[] { 1 }, 1).Pipe($"echo $$ > {pidFile}; echo a; echo b; exec sleep 600").Take(1));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (IsRunning(pid) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(IsRunning(pid), $"the piped command (pid {pid}) still runs");
    }

    // Running and not a zombie waiting to be reaped.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z') is false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public void AFailingCommandFailsTheTaskWithItsExitStatusAndStandardError()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(Enumerable.Range(0, 10), 2);
        var e = Assert.Throws<RddJobException>(() => rdd.Pipe("cat >/dev/null; echo 'no such widget' >&2; exit 3").Collect());
        Assert.Equal(typeof(InvalidOperationException).FullName, e.TaskExceptionType);
        Assert.Contains("Subprocess exited with status 3", e.TaskExceptionMessage);
        Assert.Contains("no such widget", e.TaskExceptionMessage);
        Assert.Contains("Command ran: cat >/dev/null", e.TaskExceptionMessage);

        var missing = Assert.Throws<RddJobException>(() => rdd.Pipe("definitely-not-a-command-xyz").Collect());
        Assert.Contains("status 127", missing.TaskExceptionMessage);
        Assert.Contains("not found", missing.TaskExceptionMessage);

        // An upstream failure is the task's failure, with its own type.
        var upstream = Assert.Throws<RddJobException>(() =>
            rdd.Map(x => x == 7 ? throw new ArgumentException("seven upstream") : x).Pipe("cat").Collect());
        Assert.Equal(typeof(ArgumentException).FullName, upstream.TaskExceptionType);
        Assert.Contains("seven upstream", upstream.TaskExceptionMessage);

        Assert.Throws<ArgumentException>(() => rdd.Pipe(" "));
    }
}

/// <summary>Every test of <see cref="ExternalDataTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedExternalDataTests : ExternalDataTests
{
    protected override bool Shipped => true;
}
