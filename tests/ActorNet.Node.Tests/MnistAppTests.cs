using System.CommandLine;
using ActorNet.MnistApp;

namespace ActorNet.Node.Tests;

public sealed class MnistAppTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = MnistCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void AMissingDataFolderIsNamed()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-such-mnist-{Guid.NewGuid():N}");
        var (code, _, error) = Run("--data", missing);
        Assert.Equal(1, code);
        Assert.Contains($"data folder {missing} does not exist", error);
    }

    [Theory]
    [InlineData("--master", "local-cluster[2]")]
    [InlineData("--master", "actornet://127.0.0.1:2552")]
    [InlineData("--workers", "2")]
    public void DistributedTrainingSaysItIsNotAvailableYet(string option, string value)
    {
        var (code, _, error) = Run(option, value);
        Assert.Equal(MnistCli.NotAvailable, code);
        Assert.Contains("not available yet", error);
    }

    [Fact]
    public void UsageListsTheDistributedOptions()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (string option in new[] { "--master", "--workers", "--mode", "--sync-interval", "--rounds", "--data", "--epochs", "--threads", "--out" })
            Assert.Contains(option, output);
    }

    [Fact]
    public void OneEpochOnATinySetWritesTheLogMetricsAndModel()
    {
        using var tiny = new TinyMnist(trainImages: 64, testImages: 100);
        string output = Path.Combine(tiny.Folder, "run");
        var (code, text, error) = Run("--data", tiny.DataFolder, "--threads", "1", "--out", output);
        Assert.True(code == 0, error);

        string log = Assert.Single(Directory.GetFiles(output, "training_log_*.txt"));
        string[] logLines = File.ReadAllLines(log);
        Assert.All(logLines, l => Assert.Matches(@"^\d+(\.\d+)?, i = \d+: ", l));
        Assert.Contains(logLines, l => l.Contains(", i = 1: epoch 1: loss = ") && l.Contains("test accuracy = "));
        string[] metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal("round,seconds,loss,test_accuracy", metrics[0]);
        string[] row = metrics[1].Split(',');
        Assert.Equal("1", row[0]);
        Assert.True(float.IsFinite(float.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.InRange(float.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture), 0f, 1f);
        Assert.True(new FileInfo(Path.Combine(output, "model.caffemodel")).Length > 1000);
        Assert.Contains($"source: \"{tiny.DataFolder}\"", File.ReadAllText(Path.Combine(output, "model.prototxt")));
        Assert.Contains("actornet test --model", text);
    }
}
