namespace ActorNet.Rdd.Tests;

public class FileInputTests : RddTestsBase
{
    private static string WriteLines(string dir, string name, IEnumerable<string> lines, string newline = "\n")
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, string.Join(newline, lines) + newline);
        return path;
    }

    [Theory]
    [InlineData(1, "\n")]
    [InlineData(3, "\n")]
    [InlineData(7, "\r\n")]
    [InlineData(50, "\n")]
    public void TextFileReadsEveryLineExactlyOnceWhateverTheSplits(int minPartitions, string newline)
    {
        using var sc = Local2();
        var dir = TestData.TempDir();
        var lines = Enumerable.Range(0, 300).Select(i => new string((char)('a' + i % 26), i % 17) + $"#{i}").ToArray();
        var path = WriteLines(dir, "input.txt", lines, newline);
        var rdd = sc.TextFile(path, minPartitions);
        Assert.True(rdd.NumPartitions >= minPartitions);
        Assert.Equal(lines, rdd.Collect());
    }

    [Fact]
    public void TextFileSplitsFollowHadoopSizes()
    {
        using var sc = Local2();
        var dir = TestData.TempDir();
        // 1,000 bytes with minPartitions 3: goal 333, splits of 333, 333 and 334 (last < 1.1 × 333).
        File.WriteAllText(Path.Combine(dir, "f.txt"), new string('x', 999) + "\n");
        Assert.Equal(3, sc.TextFile(Path.Combine(dir, "f.txt"), 3).NumPartitions);
        Assert.Equal(2, sc.TextFile(Path.Combine(dir, "f.txt")).NumPartitions);
    }

    [Fact]
    public void TextFileReadsFoldersPatternsAndListsSkippingHiddenFiles()
    {
        using var sc = Local2();
        var dir = TestData.TempDir();
        WriteLines(dir, "a.txt", ["1", "2"]);
        WriteLines(dir, "b.txt", ["3"]);
        WriteLines(dir, "c.log", ["4"]);
        WriteLines(dir, "_SUCCESS", ["hidden"]);
        WriteLines(dir, ".crc", ["hidden"]);
        Assert.Equal(new[] { "1", "2", "3", "4" }, sc.TextFile(dir).Collect());
        Assert.Equal(new[] { "1", "2", "3" }, sc.TextFile(Path.Combine(dir, "*.txt")).Collect());
        Assert.Equal(new[] { "3", "4" }, sc.TextFile($"{Path.Combine(dir, "b.txt")},{Path.Combine(dir, "c.log")}").Collect());
        var e = Assert.Throws<FileNotFoundException>(() => sc.TextFile(Path.Combine(dir, "missing.txt")));
        Assert.Contains("missing.txt", e.Message);
    }

    [Fact]
    public void WholeTextFilesAndBinaryFilesGiveOnePairPerFile()
    {
        using var sc = Local2();
        var dir = TestData.TempDir();
        var a = WriteLines(dir, "a.txt", ["alpha", "beta"]);
        var b = WriteLines(dir, "b.txt", ["gamma"]);
        var whole = sc.WholeTextFiles(dir).Collect();
        Assert.Equal(new[] { (a, "alpha\nbeta\n"), (b, "gamma\n") }, whole);
        var binary = sc.BinaryFiles(dir).Collect();
        Assert.Equal(File.ReadAllBytes(b), binary.Single(f => f.Path == b).Content);
    }

    [Fact]
    public void BinaryRecordsCutsFixedLengthRecords()
    {
        using var sc = Local2();
        var dir = TestData.TempDir();
        var bytes = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(Path.Combine(dir, "records.bin"), bytes);
        var records = sc.BinaryRecords(Path.Combine(dir, "records.bin"), 10);
        Assert.Equal(300, records.Count());
        Assert.Equal(bytes.Chunk(10), records.Collect());
        Assert.All(records.Glom().Collect(), part => Assert.NotEmpty(part));
        File.WriteAllBytes(Path.Combine(dir, "bad.bin"), new byte[25]);
        var e = Assert.Throws<InvalidDataException>(() => sc.BinaryRecords(Path.Combine(dir, "bad.bin"), 10));
        Assert.Contains("bad.bin", e.Message);
        Assert.Contains("25", e.Message);
    }
}

/// <summary>Every test of <see cref="FileInputTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedFileInputTests : FileInputTests
{
    protected override bool Shipped => true;
}
