using ActorNet.Gpu;

namespace ActorNet.Training.Internal;

/// <summary>
/// One worker's training state kept alive across rounds (SparkNet's WorkerStore entry): its solver (so
/// momentum and the learning-rate schedule stay local, as in SparkNet), its partition's samples, and a
/// random source for each round's start offset.
/// </summary>
internal sealed class WorkerReplica
{
    private readonly TrainingPlan _plan;
    private readonly BatchFeeder _feeder;
    private readonly Random _random;

    public WorkerReplica(TrainingPlan plan, int partition, IReadOnlyList<(float[] Data, int Label)> samples)
    {
        if (samples.Count == 0) throw new InvalidOperationException($"Training partition {partition} is empty; use fewer workers than samples.");
        _plan = plan;
        var solver = plan.Solver();
        solver.AverageLoss = 1; // each step's own loss, averaged over the round below
        Solver = new Solver(solver, new Net(solver.NetParam, Phase.Train, plan.Seed));
        Samples = samples;
        _feeder = new BatchFeeder(plan, plan.TrainBatch);
        // Not HashCode.Combine: its seed differs per process, and a worker process must draw what one process would.
        _random = new Random(unchecked(plan.Seed * 1_000_003 + partition));
    }

    public Solver Solver { get; }

    public IReadOnlyList<(float[] Data, int Label)> Samples { get; }

    /// <summary>
    /// Sets the round's weights, runs <paramref name="steps"/> solver steps from a random batch-aligned start
    /// in the partition, and returns the new weights flattened and the mean loss of the steps.
    /// </summary>
    public (float[] Weights, float Loss) RunRound(WeightCollection weights, int steps)
    {
        Solver.Net.SetWeights(weights);
        int batches = Math.Max(1, Samples.Count / _plan.TrainBatch);
        long position = (long)_random.Next(batches) * _plan.TrainBatch;
        double loss = 0;
        for (int s = 0; s < steps; s++)
        {
            long start = position;
            loss += Solver.Step(1, net => _feeder.Fill(net, Samples, start));
            position += _plan.TrainBatch;
        }
        return (FlatWeights.Flatten(Solver.Net.GetWeights()), (float)(loss / steps));
    }
}
