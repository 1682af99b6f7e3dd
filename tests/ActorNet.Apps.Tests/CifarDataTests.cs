using ActorNet.Gpu;

namespace ActorNet.Apps.Tests;

public sealed class CifarDataTests
{
    [Fact]
    public void SlicesCoverEveryRecordOnceInOrder()
    {
        using var folder = new TestFolder();
        TestImages.CifarBatch(folder["b.bin"], 7, seed: 3);
        var whole = CifarBinary.Read(folder["b.bin"]);
        var slices = Enumerable.Range(0, 3).Select(s => CifarBatchSlice.Read(folder["b.bin"], s, 3)).ToList();
        Assert.Equal(whole.Labels, slices.SelectMany(s => s.Images.Labels));
        Assert.Equal(whole.Pixels, slices.SelectMany(s => s.Images.Pixels));
        Assert.All(slices, s => Assert.Null(s.Warning));
    }

    [Fact]
    public void ATruncatedBatchGivesItsWholeRecordsAndAWarningWithTheOffset()
    {
        using var folder = new TestFolder();
        TestImages.CifarBatch(folder["b.bin"], 4, seed: 5);
        byte[] bytes = File.ReadAllBytes(folder["b.bin"]);
        File.WriteAllBytes(folder["b.bin"], bytes[..(3 * 3073 + 100)]);

        var first = CifarBatchSlice.Read(folder["b.bin"], 0, 2);
        var last = CifarBatchSlice.Read(folder["b.bin"], 1, 2);
        Assert.Equal(3, first.Images.Count + last.Images.Count);
        Assert.Null(first.Warning);
        Assert.Equal($"{folder["b.bin"]}: at byte offset 9219: the last record is incomplete (100 of 3073 bytes; truncated?); read the 3 whole records and skipped it", last.Warning);
    }

    [Fact]
    public void ABadLabelIsADataFormatErrorAtItsRecord()
    {
        using var folder = new TestFolder();
        TestImages.CifarBatch(folder["b.bin"], 3, seed: 1);
        byte[] bytes = File.ReadAllBytes(folder["b.bin"]);
        bytes[2 * 3073] = 12;
        File.WriteAllBytes(folder["b.bin"], bytes);
        var e = Assert.Throws<DataFormatException>(() => CifarBatchSlice.Read(folder["b.bin"], 0, 1));
        Assert.Equal(2 * 3073, e.Offset);
        Assert.Contains("label 12", e.Message);
    }
}
