using ActorNet.Apps.Tests;
using ActorNet.Node.Tests;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// The apps run under <c>actornet submit</c> (issue 17 item 4): spark-submit's flags reach the driver, the master URL of
/// <c>submit</c> replaces the app's own, and the run trains and finishes on tiny data.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class SubmitAppsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task MnistApp_runs_under_submit_with_its_flags()
    {
        using var tiny = new TinyMnist(trainImages: 128, testImages: 40);
        var app = Path.Combine(AppContext.BaseDirectory, "MnistApp.dll");
        var result = await ActornetCommand.RunAsync(Patience, "submit", "--master", "local[2]", "--deploy-mode", "client", "--name", "mnist-submitted",
            "--conf", "actornet.ui.enabled=false", "--conf", "actornet.rdd.default-parallelism=3",
            app, "--sync-interval", "1", "--rounds", "1", "--threads", "1", "--data", tiny.DataFolder, "--out", Path.Combine(tiny.Folder, "run"));
        Assert.True(result.ExitCode == 0, $"submit exited with {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        // The app's own default master (local-cluster[2]) is replaced, and --conf's parallelism gives the workers.
        Assert.Contains("master local[2], 3 workers", result.Stdout);
        Assert.Contains("done: test accuracy", result.Stdout);
    }

    [Fact]
    public async Task CifarApp_runs_under_submit_on_local_cluster_sized_by_the_executor_flags()
    {
        using var folder = new TestFolder();
        for (int i = 1; i <= 5; i++) TestImages.CifarBatch(folder[$"data_batch_{i}.bin"], 6, seed: i);
        TestImages.CifarBatch(folder["test_batch.bin"], 6, seed: 9);
        var app = Path.Combine(AppContext.BaseDirectory, "CifarApp.dll");
        var result = await ActornetCommand.RunAsync(Patience, "submit", "--master", "local-cluster[1]", "--num-executors", "2", "--executor-cores", "1",
            "--conf", "actornet.ui.enabled=false", app, "--workers", "2", "--sync-interval", "1", "--rounds", "1", "--threads", "1",
            "--data", folder.Path, "--out", folder["run"]);
        Assert.True(result.ExitCode == 0, $"submit exited with {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("master local-cluster[2,1], 2 workers", result.Stdout);
        Assert.Contains("done: test accuracy", result.Stdout);
    }

    [Fact]
    public async Task Cluster_deploy_mode_is_refused_with_a_clear_error()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "MnistApp.dll");
        var result = await ActornetCommand.RunAsync(TimeSpan.FromMinutes(1), "submit", "--master", "local[2]", "--deploy-mode", "cluster", app);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("actornet: --deploy-mode cluster is not supported", result.Stderr);
    }
}
