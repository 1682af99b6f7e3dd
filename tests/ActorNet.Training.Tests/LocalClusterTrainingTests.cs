using ActorNet.Rdd;

namespace ActorNet.Training.Tests;

public sealed class LocalClusterTrainingTests
{
    [Fact]
    public void Every_mode_across_two_worker_processes_matches_the_same_run_in_one_process()
    {
        var samples = TinyNet.Samples(96);
        var testSamples = TinyNet.Samples(30, seed: 11);
        var modes = new[] { TrainingMode.ModelAveraging(syncInterval: 3), TrainingMode.ParameterServer(servers: 2, stepsPerRound: 3), TrainingMode.AllReduce(3) };
        // Each run also checkpoints after round 2 and is resumed from there: the workers save and restore their solver
        // histories through the store, across processes in the cluster.
        List<(TrainedModel Model, List<RoundReport> Reports, TrainedModel Resumed)> TrainAll(string master)
        {
            using var context = new ClusterContext(master, "training-local-cluster");
            return modes.Select(mode =>
            {
                string folder = Directory.CreateTempSubdirectory("actornet-cluster-checkpoint-").FullName;
                try
                {
                    DistributedTrainer Trainer() => new DistributedTrainer(context, TinyNet.Solver()).WithWorkers(2).WithMode(mode).WithSeed(5);
                    var trainer = Trainer().WithCheckpoint(folder, everyRounds: 2);
                    var reports = new List<RoundReport>();
                    trainer.RoundCompleted += reports.Add;
                    var model = trainer.Fit(context.Parallelize(samples, 2), context.Parallelize(testSamples, 2), rounds: 3);
                    File.WriteAllText(Path.Combine(folder, "latest"), "2");
                    var resumed = Trainer().WithResume(folder).Fit(context.Parallelize(samples, 2), null, rounds: 3);
                    return (model, reports, resumed);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }).ToList();
        }

        var local = TrainAll("local[2]");
        var cluster = TrainAll("local-cluster[2]");

        // Same data, seeds and arithmetic: the workers' processes change nothing but where the steps run.
        for (int m = 0; m < modes.Length; m++)
        {
            var (localModel, localReports, localResumed) = local[m];
            var (clusterModel, clusterReports, clusterResumed) = cluster[m];
            TrainingModesTests.AssertSameWeights(localModel.Weights, localResumed.Weights, 1e-6f);
            TrainingModesTests.AssertSameWeights(clusterModel.Weights, clusterResumed.Weights, 1e-6f);
            Assert.Equal(localReports.Select(r => r.Round), clusterReports.Select(r => r.Round));
            for (int i = 0; i < localReports.Count; i++) Assert.Equal(localReports[i].Loss, clusterReports[i].Loss, 1e-4f);
            Assert.Equal(localReports[^1].TestAccuracy, clusterReports[^1].TestAccuracy);
            TrainingModesTests.AssertSameWeights(localModel.Weights, clusterModel.Weights, 1e-4f);
        }
    }

    [Theory]
    [InlineData("averaging", 6000)]
    [InlineData("ps", 1500)]
    [InlineData("allreduce", 1500)]
    public async Task Training_survives_a_worker_process_killed_mid_round(string mode, int stepsPerRound)
    {
        using var context = new ClusterContext("local-cluster[2]", "training-worker-kill");
        var test = context.Parallelize(TinyNet.Samples(60, seed: 99), 2);
        var trainer = new DistributedTrainer(context, TinyNet.Solver())
            .WithWorkers(2).WithMode(TrainingMode.FromName(mode, stepsPerRound)).WithTestEvery(1);
        var reports = new List<RoundReport>();
        var recoveries = new List<RecoveryReport>();
        Task? kill = null;
        System.Diagnostics.Process? victim = null;
        trainer.RoundCompleted += report =>
        {
            reports.Add(report);
            // Into round 2 (rounds take about a second or more here), one worker process dies (it runs a training task, holds store slices and cached data).
            if (report.Round == 1 && kill is null)
                kill = Task.Run(async () =>
                {
                    await Task.Delay(300);
                    victim = context.LocalCluster!.Workers[0];
                    victim.Kill(entireProcessTree: true);
                });
        };
        trainer.Recovering += recoveries.Add;
        var model = trainer.Fit(context.Parallelize(TinyNet.Samples(240), 2), test, rounds: 4);

        Assert.NotNull(kill);
        await kill.WaitAsync(TimeSpan.FromSeconds(30));
        // Every round completed, in order (a recovered round runs again from the last weights read).
        Assert.Equal(4, reports[^1].Round);
        Assert.All(recoveries, r => Assert.True(r.RestartRound <= r.FailedRound));
        Assert.True(reports[^1].TestAccuracy >= 0.8f, $"test accuracy {reports[^1].TestAccuracy} after recoveries: {string.Join("; ", recoveries)}");
        Assert.Equal(reports[^1].TestAccuracy, model.Accuracy(test));
        Console.WriteLine($"{mode}: rounds {string.Join(", ", reports.Select(r => $"{r.Round}@{r.Seconds:0.00}s"))}; recoveries: {string.Join("; ", recoveries)}");
    }

    [Fact]
    public void A_worker_that_joins_mid_run_takes_partitions_from_the_next_test_point()
    {
        using var context = new ClusterContext("local-cluster[1]", "training-worker-join"); // one worker, two slots
        var test = context.Parallelize(TinyNet.Samples(60, seed: 99), 2);
        var trainer = new DistributedTrainer(context, TinyNet.Solver()).WithMode(TrainingMode.ModelAveraging(5)).WithTestEvery(2);
        var reports = new List<RoundReport>();
        trainer.RoundCompleted += report =>
        {
            reports.Add(report);
            if (report.Round != 1) return;
            context.LocalCluster!.AddWorker(cores: 2);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (context.TaskSlots < 4 && DateTime.UtcNow < deadline) Thread.Sleep(50); // the executor registers on its own
        };
        var model = trainer.Fit(context.Parallelize(TinyNet.Samples(240), 2), test, rounds: 4);

        // Rounds 1 and 2 ran on the first worker's two slots; from the test point after round 2 on, on four.
        Assert.Equal([2, 2, 4, 4], reports.Select(r => r.Workers));
        Assert.True(reports[^1].TestAccuracy >= 0.8f, $"test accuracy {reports[^1].TestAccuracy}");
        Assert.Equal(reports[^1].TestAccuracy, model.Accuracy(test));
    }
}
