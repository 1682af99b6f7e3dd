using ActorNet.Gpu;
using ActorNet.ImageNetApp;

namespace ActorNet.Apps.Tests;

public sealed class ImageNetAppTests
{
    [TurboJpegFact]
    public void TwoRoundsOnTwoLocalWorkersSkipTheCorruptJpegAndTheDirectoriesAndWriteTheOutputs()
    {
        using var tiny = new TinyImageNet();
        string output = tiny["run"];
        var (code, text, error) = AppRun.Invoke(ImageNetCli.Build(), "--master", "local-cluster[2]", "--workers", "2", "--sync-interval", "2",
            "--rounds", "2", "--threads", "1", "--resize", "20", "--model", tiny.ModelPath, "--solver", tiny.SolverPath,
            "--data", tiny.DataFolder, "--out", output, "--base-lr", "0.02", "--lr-warmup", "3");
        Assert.True(code == 0, error + text);

        string[] log = AppRun.CheckOutputs(output, rounds: 2);
        Assert.Contains(log, l => l.Contains("TinyCaffeNet on 12 images in 2 train tars", StringComparison.Ordinal) && l.Contains("resized to 20x20, 16x16 crops", StringComparison.Ordinal)
            && l.Contains("lr 0.04 (0.02 × 2 workers, linear scaling, warm-up over 3 iterations)", StringComparison.Ordinal));
        string shard1 = Path.Combine(tiny.DataFolder, "train", "train.00001.tar");
        Assert.Contains(log, l => l.Contains($"warning: {shard1}: 6 images, skipped 1 directory entries (n01), skipped 1 corrupt JPEGs (n01/broken.JPEG (", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("train.00000.tar: 6 images, skipped 1 directory entries (n00)", StringComparison.Ordinal));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length); // tested after the last round only
        var mean = CaffeModel.ReadBinaryProto(Path.Combine(output, "mean.binaryproto"));
        Assert.Equal([1, 3, 20, 20], mean.Shape);
    }

    [TurboJpegFact]
    public void AMissingDataFolderSaysWhatTheLayoutIs()
    {
        using var folder = new TestFolder();
        Directory.CreateDirectory(folder["train"]);
        File.WriteAllText(folder["train.txt"], "");
        var (code, _, error) = AppRun.Invoke(ImageNetCli.Build(), "--data", folder.Path, "--out", folder["run"]);
        Assert.Equal(1, code);
        Assert.Contains($"ImageNetApp: {folder.Path} lacks val.txt, train/*.tar (the folder {folder["train"]} has no tar shards), val/ (a folder of *.tar shards)", error);
    }

    [Fact]
    public void UsageListsTheOptionsAndTheDefaults()
    {
        var (code, output, _) = AppRun.Invoke(ImageNetCli.Build(), "--help");
        Assert.Equal(0, code);
        foreach (string option in new[] { "--master", "--workers", "--mode", "--sync-interval", "--rounds", "--data", "--out", "--model", "--solver", "--resize", "--base-lr", "--no-lr-scaling", "--lr-warmup" })
            Assert.Contains(option, output);
        Assert.Contains("default 50", output);
        Assert.Contains("libturbojpeg0", output);
    }

    [Fact]
    public void AnUnknownModeIsRefusedByName()
    {
        var (code, _, error) = AppRun.Invoke(ImageNetCli.Build(), "--mode", "ring");
        Assert.Equal(1, code);
        Assert.Contains("ImageNetApp: --mode ring is unknown", error);
    }
}
