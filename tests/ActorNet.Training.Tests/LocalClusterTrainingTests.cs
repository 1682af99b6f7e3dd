using ActorNet.Rdd;

namespace ActorNet.Training.Tests;

public sealed class LocalClusterTrainingTests
{
    [Fact]
    public void Averaging_across_two_worker_processes_matches_the_same_run_in_one_process()
    {
        var samples = TinyNet.Samples(96);
        TrainedModel Train(string master, out List<RoundReport> reports)
        {
            using var context = new ClusterContext(master, "training-local-cluster");
            var trainer = new DistributedTrainer(context, TinyNet.Solver())
                .WithWorkers(2).WithMode(TrainingMode.ModelAveraging(syncInterval: 3)).WithSeed(5);
            var rounds = new List<RoundReport>();
            trainer.RoundCompleted += rounds.Add;
            var model = trainer.Fit(context.Parallelize(samples, 2), context.Parallelize(TinyNet.Samples(30, seed: 11), 2), rounds: 3);
            reports = rounds;
            return model;
        }

        var local = Train("local[2]", out var localReports);
        var cluster = Train("local-cluster[2]", out var clusterReports);

        // Same data, seeds and arithmetic: the workers' processes change nothing but where the steps run.
        Assert.Equal(localReports.Select(r => r.Round), clusterReports.Select(r => r.Round));
        for (int i = 0; i < localReports.Count; i++) Assert.Equal(localReports[i].Loss, clusterReports[i].Loss, 1e-4f);
        Assert.Equal(localReports[^1].TestAccuracy, clusterReports[^1].TestAccuracy);
        foreach (string layer in local.Weights.LayerNames)
            for (int b = 0; b < local.Weights[layer].Count; b++)
                for (int j = 0; j < local.Weights[layer][b].Length; j++)
                    Assert.Equal(local.Weights[layer][b][j], cluster.Weights[layer][b][j], 1e-4f);
    }
}
