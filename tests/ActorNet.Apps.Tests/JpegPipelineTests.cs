using ActorNet.Gpu;

namespace ActorNet.Apps.Tests;

public sealed class JpegPipelineTests
{
    [TurboJpegFact]
    public void ARealJpegDecodesBackToItsPixelsWithinJpegError()
    {
        byte[] original = TestImages.Pattern(24, 16, label: 1);
        using var codec = JpegCodec.Create();
        byte[] jpeg = codec.Encode(original, 24, 16, quality: 98);
        Assert.Equal([0xFF, 0xD8], jpeg[..2]); // SOI marker: a real JPEG file

        Assert.True(codec.TryDecode(jpeg, out DecodedImage image, out string error), error);
        Assert.Equal((24, 16), (image.Width, image.Height));
        int worst = original.Zip(image.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(worst, 0, 6);
    }

    [TurboJpegTheory]
    [InlineData("random")]
    [InlineData("truncated")]
    [InlineData("empty")]
    public void ACorruptJpegIsRefusedWithTheLibrarysReason(string kind)
    {
        byte[] jpeg = TestImages.Jpeg(32, 32, label: 0);
        byte[] bad = kind switch
        {
            "random" => [.. Enumerable.Range(0, 500).Select(i => (byte)(i * 37 + 11))],
            "truncated" => jpeg[..(jpeg.Length / 2)],
            _ => [],
        };
        using var codec = JpegCodec.Create();
        Assert.False(codec.TryDecode(bad, out _, out string error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void ResizingToTheSameSizeOnlyMakesThePlanesChannelMajor()
    {
        byte[] pixels = TestImages.Pattern(5, 3, label: 2);
        byte[] planar = ImageResize.ToPlanar(new DecodedImage(pixels, 5, 3), 3, 5);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 5; x++)
                    Assert.Equal(pixels[(y * 5 + x) * 3 + c], planar[c * 15 + y * 5 + x]);
    }

    [Fact]
    public void UpscalingInterpolatesBetweenPixelCentresAsOpenCvDoes()
    {
        // One row 0, 100 (all channels equal) to 4 columns: centres at -0.25, 0.25, 0.75, 1.25 in source
        // pixels, clamped to 0 and 1, so 0, 25, 75, 100 (OpenCV's INTER_LINEAR gives the same).
        byte[] row = [0, 0, 0, 100, 100, 100];
        byte[] planar = ImageResize.ToPlanar(new DecodedImage(row, 2, 1), 1, 4);
        Assert.Equal(new byte[] { 0, 25, 75, 100 }, planar[..4]);
        Assert.Equal(planar[..4], planar[4..8]);
    }

    [Fact]
    public void DownscalingAConstantImageKeepsItsValue()
    {
        byte[] pixels = [.. Enumerable.Repeat(new byte[] { 10, 20, 30 }, 37 * 29).SelectMany(p => p)];
        byte[] planar = ImageResize.ToPlanar(new DecodedImage(pixels, 37, 29), 8, 8);
        Assert.All(planar[..64], v => Assert.Equal(10, v));
        Assert.All(planar[64..128], v => Assert.Equal(20, v));
        Assert.All(planar[128..], v => Assert.Equal(30, v));
    }

    [TurboJpegFact]
    public void ATarShardGivesItsLabelledImagesAndCountsWhatItSkipped()
    {
        using var folder = new TestFolder();
        File.WriteAllLines(folder["train.txt"], ["n01/a.JPEG 0", "n02/b.JPEG 1", "c.JPEG 2", "bad.JPEG 1"]);
        TestImages.Tar(folder["shard.tar"],
        [
            ("n01", null),                                    // a directory entry
            ("n01/a.JPEG", TestImages.Jpeg(40, 30, 0)),        // labelled by its full name
            ("./b.JPEG", TestImages.Jpeg(20, 20, 1)),          // labelled by its file name
            ("bad.JPEG", [1, 2, 3, 4, 5, 6, 7, 8]),           // not a JPEG
            ("c.JPEG", TestImages.Jpeg(64, 48, 2)),
            ("README", "not an image"u8.ToArray()),            // not in the label list
        ]);
        ImageNetShardReport? report = null;
        var images = ImageNetShard.Read(folder["shard.tar"], ImageNetLabels.Read(folder["train.txt"]), 16, r => report = r).ToList();

        Assert.Equal([0, 1, 2], images.Select(i => i.Label));
        Assert.All(images, i => Assert.Equal(3 * 16 * 16, i.Pixels.Length));
        Assert.NotNull(report);
        Assert.Equal(3, report.Images);
        Assert.Equal(1, report.Skipped(SkipReason.Directory));
        Assert.Equal(1, report.Skipped(SkipReason.CorruptJpeg));
        Assert.Equal(1, report.Skipped(SkipReason.Unlabelled));
        string text = report.ToString();
        Assert.Contains("skipped 1 directory entries (n01", text);
        Assert.Contains("skipped 1 corrupt JPEGs (bad.JPEG (", text);
        Assert.Contains("skipped 1 files not in the label list (README)", text);
    }

    [TurboJpegFact]
    public void ADecodedShardImageHasThePatternsColoursInBgrPlanes()
    {
        using var folder = new TestFolder();
        File.WriteAllLines(folder["train.txt"], ["x.JPEG 1"]);
        TestImages.Tar(folder["shard.tar"], [("x.JPEG", TestImages.Jpeg(16, 16, 1))]);
        var (pixels, _) = Assert.Single(ImageNetShard.Read(folder["shard.tar"], ImageNetLabels.Read(folder["train.txt"]), 16, _ => { }));
        // The pattern's third byte (R in BGR) is 200 - 60 × label = 140 everywhere.
        Assert.All(pixels[(2 * 256)..], v => Assert.InRange(v, 136, 144));
    }

    [TurboJpegFact]
    public void ATruncatedTarEndsTheShardAtTheBrokenEntryWithItsOffset()
    {
        using var folder = new TestFolder();
        File.WriteAllLines(folder["train.txt"], ["a.JPEG 0", "b.JPEG 1"]);
        TestImages.Tar(folder["full.tar"], [("a.JPEG", TestImages.Jpeg(16, 16, 0)), ("b.JPEG", TestImages.Jpeg(200, 200, 1, quality: 100))]);
        byte[] bytes = File.ReadAllBytes(folder["full.tar"]);
        File.WriteAllBytes(folder["cut.tar"], bytes[..(bytes.Length - 3000)]);

        ImageNetShardReport? report = null;
        var images = ImageNetShard.Read(folder["cut.tar"], ImageNetLabels.Read(folder["train.txt"]), 8, r => report = r).ToList();
        Assert.Equal([0], images.Select(i => i.Label));
        Assert.NotNull(report);
        Assert.Contains("truncated or corrupt at byte offset", report.EndedEarly);
    }

    [Fact]
    public void ALabelListLineThatIsNotANameAndALabelIsNamedByFileAndLine()
    {
        using var folder = new TestFolder();
        File.WriteAllLines(folder["val.txt"], ["a.JPEG 1", "", "b.JPEG one"]);
        var e = Assert.Throws<FormatException>(() => ImageNetLabels.Read(folder["val.txt"]));
        Assert.Contains($"{folder["val.txt"]}:3:", e.Message);
    }
}
