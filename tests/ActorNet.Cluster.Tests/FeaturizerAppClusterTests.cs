using System.CommandLine;
using System.Globalization;
using ActorNet.FeaturizerApp;
using ActorNet.Gpu;
using ActorNet.MnistApp;
using ActorNet.Node.Tests;
using ActorNet.Training;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// SparkNet's FeaturizerApp on worker processes: a model MnistApp trained is run by FeaturizerApp on local-cluster[2] and
/// on a cluster of <c>actornet seed</c> and <c>actornet worker</c> processes over Fashion-MNIST-layout files, and every
/// image's features equal those of the same net run in this process.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class FeaturizerAppClusterTests : IDisposable
{
    private readonly List<NodeProcess> _nodes = [];

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
    }

    private async Task<string> Master(string kind)
    {
        if (kind != "actornet") return kind;
        var patience = TimeSpan.FromSeconds(60);
        var seed = await NodeProcess.StartNodeAsync(patience, ["seed", "--port", "0"]);
        _nodes.Add(seed);
        _nodes.Add(await NodeProcess.StartNodeAsync(patience, ["worker", "--seed", seed.HostPort, "--cores", "2", "--port", "0"]));
        return $"actornet://{seed.HostPort}";
    }

    private static (int Code, string Output, string Error) Run(RootCommand command, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = command.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("local-cluster[2]")]
    [InlineData("actornet")]
    public async Task Features_computed_on_worker_processes_equal_the_net_run_in_one_process(string masterKind)
    {
        using var tiny = new TinyMnist(trainImages: 128, testImages: 37);
        string run = Path.Combine(tiny.Folder, "run"), features = Path.Combine(tiny.Folder, "features");
        var (code, text, error) = Run(MnistCli.Build(), "--master", "local[2]", "--workers", "2", "--sync-interval", "2", "--rounds", "1",
            "--threads", "1", "--data", tiny.DataFolder, "--out", run);
        Assert.True(code == 0, error + text);
        string model = Path.Combine(run, "model.caffemodel");

        string master = await Master(masterKind);
        (code, text, error) = await Task.Run(() => Run(FeaturizerCli.Build(), "--master", master, "--model", model, "--data", tiny.DataFolder,
            "--blob", "ip1", "--workers", "3", "--out", features)).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(code == 0, error + text);
        Assert.Contains("featurized 37 mnist images", text);
        Assert.Contains("blob ip1 (500 values each), scale 0.00390625, no mean, no crop; text in", text);

        // The part files hold the images in file order, one 'label,f1,…' line each.
        var parts = Directory.GetFiles(features, "part-*").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, parts.Length);
        Assert.True(File.Exists(Path.Combine(features, "_SUCCESS")));
        var lines = parts.SelectMany(File.ReadLines).Select(l => l.Split(',')).ToArray();

        // The same net and weights in this process, on the same pixels scaled as MnistApp scales them.
        var images = IdxFile.ReadMnistFolder(tiny.DataFolder, train: false);
        var samples = Enumerable.Range(0, images.Count).Select(i => images.Image(i).ToArray().Select(p => p * 0.00390625f).ToArray()).ToList();
        var expected = TrainedModel.Load(model).Featurize(samples, "ip1").ToArray();
        Assert.Equal(images.Count, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            Assert.Equal(images.Labels[i], int.Parse(lines[i][0], CultureInfo.InvariantCulture));
            var actual = lines[i].Skip(1).Select(f => float.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(500, actual.Length);
            for (int f = 0; f < actual.Length; f++) Assert.Equal(expected[i][f], actual[f], 1e-5f);
        }
        Assert.Contains(expected, row => row.Any(v => v != 0));
    }
}
