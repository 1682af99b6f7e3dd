using ActorNet.Rdd;

namespace ActorNet.Training.Tests;

/// <summary>
/// A trained model travels like any value (MXNet-on-Spark's pattern): broadcast once and used inside an RDD function
/// on the workers, or captured by the function itself. The worker processes of local-cluster[2] compute the same
/// probabilities and features as the driver does with the model it holds.
/// </summary>
public sealed class TrainedModelShippingTests
{
    [Fact]
    public void A_broadcast_or_captured_model_predicts_on_worker_processes_as_it_does_in_the_driver()
    {
        var samples = TinyNet.Samples(60);
        TrainedModel model;
        using (var local = TinyNet.Local())
        {
            model = new DistributedTrainer(local, TinyNet.Solver()).WithMode(TrainingMode.ModelAveraging(syncInterval: 5))
                .Fit(local.Parallelize(samples, 2), null, rounds: 2);
        }
        var inputs = samples.Select(s => s.Data).ToList();
        var expected = model.Predict(inputs).ToArray();
        var expectedFeatures = model.Featurize(inputs, "hidden").ToArray();
        Assert.Equal(60, expected.Length);

        using var context = new ClusterContext("local-cluster[2]", "trained-model-shipping");
        var data = context.Parallelize(inputs, 4);

        var broadcast = context.Broadcast(model);
        var predicted = data.MapPartitions(part => broadcast.Value.Predict(part).Select(p => (Environment.ProcessId, p))).Collect();
        Assert.DoesNotContain(Environment.ProcessId, predicted.Select(r => r.Item1));
        AssertSameRows(expected, predicted.Select(r => r.p).ToArray());

        var captured = data.MapPartitions(part => model.Featurize(part, "hidden")).Collect();
        AssertSameRows(expectedFeatures, captured);
        AssertSameRows(expected, model.Predict(data).Collect());
        float driverAccuracy = (float)expected.Where((p, i) => Array.IndexOf(p, p.Max()) == samples[i].Label).Count() / samples.Count;
        Assert.Equal(driverAccuracy, model.Accuracy(context.Parallelize(samples, 3)));
    }

    private static void AssertSameRows(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Length);
            for (int i = 0; i < expected[r].Length; i++) Assert.Equal(expected[r][i], actual[r][i], 1e-6f);
        }
    }
}
