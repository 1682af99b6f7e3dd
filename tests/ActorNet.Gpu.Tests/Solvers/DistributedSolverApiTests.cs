using Google.Protobuf;
using ActorNet.Gpu.Tests.Support;

namespace ActorNet.Gpu.Tests.Solvers;

/// <summary>The solver and net API distributed training builds on: split iterations, server-side steps, the learned vector.</summary>
public class DistributedSolverApiTests
{
    // Two InnerProduct layers (one sharing the first's weights by name) and a softmax loss, on inputs fixed per step.
    private static Net SharedWeightsNet(int seed)
    {
        var net = ProtoLoader.ParseNetPrototxt("""
            layer { name: "x" type: "Input" top: "x" top: "t" input_param { shape { dim: 4 dim: 3 } shape { dim: 4 } } }
            layer { name: "a" type: "InnerProduct" bottom: "x" top: "a" param { name: "shared" lr_mult: 1 } param { lr_mult: 2 decay_mult: 0 }
                    inner_product_param { num_output: 2 weight_filler { type: "gaussian" std: 0.5 } bias_filler { type: "constant" value: 0.1 } } }
            layer { name: "b" type: "InnerProduct" bottom: "x" top: "b" param { name: "shared" }
                    inner_product_param { num_output: 2 bias_term: false } }
            layer { name: "sum" type: "Eltwise" bottom: "a" bottom: "b" top: "s" }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "s" bottom: "t" top: "loss" }
            """);
        return new Net(net, Phase.Train, seed);
    }

    private static void Feed(Net net, int step)
    {
        net.Blob("x").SetData(Enumerable.Range(0, 12).Select(i => MathF.Sin(i + step)).ToArray());
        net.Blob("t").SetData(Enumerable.Range(0, 4).Select(i => (float)((i + step) % 2)).ToArray());
    }

    private static SolverParameter Sgd() => ProtoLoader.ParseSolverPrototxt(
        "base_lr: 0.1 momentum: 0.9 weight_decay: 0.01 lr_policy: \"multistep\" gamma: 0.5 stepvalue: 2 stepvalue: 4 max_iter: 10");

    [Fact]
    public void TheStateMovedThroughTheFlatHistoryOrTheProtoContinuesTrainingExactly()
    {
        var param = Sgd();
        var original = new Solver(param, SharedWeightsNet(1));
        for (int step = 0; step < 3; step++) original.Step(1, n => Feed(n, step));
        Assert.Equal(original.Net.LearnedCount, original.HistoryCount); // SGD: one history set over the learned blobs
        var history = new float[original.HistoryCount];
        original.CopyHistory(history);
        Assert.Contains(history, h => h != 0f);
        var state = original.GetState();
        Assert.Equal(3, state.Iter);
        Assert.False(state.HasLearnedNet);
        var weights = new float[original.Net.LearnedCount];
        original.Net.CopyLearnedData(weights);

        // One copy through the proto, one through the flat history plus a jump to the iteration.
        var fromProto = new Solver(param, SharedWeightsNet(2));
        fromProto.Net.SetLearnedData(weights);
        fromProto.SetState(SolverState.Parser.ParseFrom(state.ToByteArray()), "state");
        var fromFlat = new Solver(param, SharedWeightsNet(3));
        fromFlat.Net.SetLearnedData(weights);
        fromFlat.SetHistory(history);
        fromFlat.JumpTo(3);
        foreach (var solver in new[] { original, fromProto, fromFlat })
            for (int step = 3; step < 6; step++) solver.Step(1, n => Feed(n, step));
        var expected = new float[weights.Length];
        original.Net.CopyLearnedData(expected);
        foreach (var solver in new[] { fromProto, fromFlat })
        {
            var actual = new float[weights.Length];
            solver.Net.CopyLearnedData(actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void AStateOfAnotherNetIsRefusedWithoutChangingTheSolver()
    {
        var solver = new Solver(Sgd(), SharedWeightsNet(1));
        var other = new SolverState { Iter = 7 };
        other.History.Add(new BlobData([5], new float[5]).ToProto());
        var error = Assert.Throws<FormatException>(() => solver.SetState(other, "other.solverstate"));
        Assert.Contains("other.solverstate", error.Message);
        Assert.Equal(0, solver.Iteration);
        Assert.Throws<ArgumentException>(() => solver.SetHistory(new float[3]));
    }

    [Fact]
    public void TheLearnedVectorHoldsEachSharedBlobOnceAndRoundTrips()
    {
        var net = SharedWeightsNet(1);
        Assert.Equal(6 + 2, net.LearnedCount); // the shared 2x3 weights once, a's bias
        var values = new float[net.LearnedCount];
        net.CopyLearnedData(values);
        Assert.Equal(net.LayerParams("a")[0].GetData(), values[..6]);
        var changed = values.Select((v, i) => v + i).ToArray();
        net.SetLearnedData(changed);
        Assert.Equal(changed[..6], net.LayerParams("b")[0].GetData()); // shared storage
        var error = Assert.Throws<ArgumentException>(() => net.SetLearnedDiff(new float[3]));
        Assert.Contains("has 8 learned values; the vector has 3", error.Message);
    }

    [Fact]
    public void StepsTurnedIntoServerDeltasAndAppliedWithMomentumElsewhereAreCaffeSgd()
    {
        // Reference: the solver's own iterations. Other: the same gradients turned into plain steps, with the
        // momentum history applied outside the solver, as the parameter server's momentum rule does.
        var reference = new Solver(Sgd(), SharedWeightsNet(7));
        var other = new Solver(Sgd(), SharedWeightsNet(7));
        var history = new float[other.Net.LearnedCount];
        var weights = new float[other.Net.LearnedCount];
        var step = new float[other.Net.LearnedCount];
        for (int i = 0; i < 6; i++)
        {
            int s = i;
            reference.Step(1, net => Feed(net, s));

            other.ComputeGradients(net => Feed(net, s));
            other.GradientsToStep();
            other.Net.CopyLearnedDiff(step);
            other.Net.CopyLearnedData(weights);
            for (int k = 0; k < weights.Length; k++)
            {
                history[k] = 0.9f * history[k] + step[k];
                weights[k] -= history[k];
            }
            other.Net.SetLearnedData(weights);
        }
        Assert.Equal(6, other.Iteration);
        var expected = new float[weights.Length];
        reference.Net.CopyLearnedData(expected);
        for (int k = 0; k < weights.Length; k++) Assert.Equal(expected[k], weights[k], 1e-5f);
    }

    [Fact]
    public void JumpingToAnIterationFollowsTheLearningRateSchedule()
    {
        var solver = new Solver(Sgd(), SharedWeightsNet(3));
        solver.JumpTo(5);
        Assert.Equal(5, solver.Iteration);
        Assert.Equal(0.1f * 0.25f, solver.LearningRate, 1e-7f); // past both step values
        solver.JumpTo(0);
        Assert.Equal(0.1f, solver.LearningRate, 1e-7f);
        Assert.Throws<ArgumentOutOfRangeException>(() => solver.JumpTo(-1));
        var adam = ProtoLoader.ParseSolverPrototxt("type: \"Adam\" base_lr: 0.001 momentum: 0.9 momentum2: 0.999 lr_policy: \"fixed\"");
        var error = Assert.Throws<InvalidOperationException>(() => new Solver(adam, SharedWeightsNet(3)).GradientsToStep());
        Assert.Contains("cannot run on a parameter server", error.Message);
    }
}
