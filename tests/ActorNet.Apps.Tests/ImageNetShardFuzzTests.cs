using ActorNet.Gpu;
using ActorNet.Gpu.Tests.Fuzz;

namespace ActorNet.Apps.Tests;

/// <summary>
/// ImageNet tar shards and the JPEGs inside them, fuzzed (truncations, bit flips, lying tar size fields): a shard never
/// throws, hangs or allocates what a lying header claims; what cannot be read is skipped or ends the shard early, as
/// <see cref="ImageNetShardReport"/> says.
/// </summary>
public sealed class ImageNetShardFuzzTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [TurboJpegFact]
    public void Tar_shards_and_their_jpegs()
    {
        var files = Enumerable.Range(0, 4).Select(i => ($"n0/img_{i}.JPEG", (byte[]?)TestImages.Jpeg(20 + i, 16 + i, i % 3))).ToList();
        var valid = _folder["valid.tar"];
        TestImages.Tar(valid, files);
        File.WriteAllLines(_folder["train.txt"], files.Select((f, i) => $"{f.Item1} {i % 3}"));
        var labels = ImageNetLabels.Read(_folder["train.txt"]);
        Directory.CreateDirectory(_folder["fuzz"]);
        // The unharmed shard reads whole: every image, nothing ended early.
        var whole = Report(valid, labels);
        Assert.Equal((files.Count, null), (whole.Images, whole.EndedEarly));

        var reports = new List<ImageNetShardReport>();
        new FormatFuzzer(_folder["fuzz"]).Run("train.00000.tar", File.ReadAllBytes(valid),
            p => reports.Add(Report(p, labels)), e => e is DataFormatException, cases: 400);
        // The mutants did damage that the reader saw and reported, not only harmless flips.
        Assert.Contains(reports, r => r.EndedEarly is not null);
        Assert.Contains(reports, r => r.Images < files.Count);
    }

    [TurboJpegTheory]
    [InlineData("77777777777")] // 8 GiB, more than an array holds
    [InlineData("17777777777")] // 2 GiB
    [InlineData("00000100000")] // 32 KiB, past the end of this small file
    public void A_tar_header_whose_size_lies_ends_the_shard_without_allocating_it(string octalSize)
    {
        var files = Enumerable.Range(0, 2).Select(i => ($"img_{i}.JPEG", (byte[]?)TestImages.Jpeg(20, 16, 0))).ToList();
        var path = _folder["lying.tar"];
        TestImages.Tar(path, files);
        File.WriteAllLines(_folder["train.txt"], files.Select(f => $"{f.Item1} 0"));
        var bytes = File.ReadAllBytes(path);
        // The first header's size field: 12 bytes at offset 124, octal digits ended by a NUL; its checksum fixed up so
        // the header itself looks valid and only the size lies.
        System.Text.Encoding.ASCII.GetBytes(octalSize + "\0").CopyTo(bytes, 124);
        System.Text.Encoding.ASCII.GetBytes("        ").CopyTo(bytes, 148);
        var sum = bytes.AsSpan(0, 512).ToArray().Sum(b => (int)b);
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(bytes, 148);
        File.WriteAllBytes(path, bytes);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var report = Report(path, ImageNetLabels.Read(_folder["train.txt"]));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L << 20, "the lying size was allocated");
        Assert.Equal(0, report.Images);
        Assert.Contains("byte offset 0", report.EndedEarly);
    }

    private static ImageNetShardReport Report(string path, ImageNetLabels labels)
    {
        ImageNetShardReport? report = null;
        foreach (var _ in ImageNetShard.Read(path, labels, 8, r => report = r)) { }
        return report!;
    }
}
