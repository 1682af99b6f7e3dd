using ActorNet.Gpu;
using Google.Protobuf;

namespace ActorNet.Training.Internal;

/// <summary>
/// Everything a worker needs to build its nets, in a form that travels inside a task: the solver (with its
/// net, whose data layers were replaced by Input layers as SparkNet's ReplaceDataLayers did) as protobuf
/// bytes, the batch sizes, the names of the input blobs, and the blob the Accuracy layer scores; the device the
/// workers' nets run on (null: each worker node's <c>actornet.gpu.device</c>).
/// </summary>
internal sealed record TrainingPlan(
    byte[] SolverBytes, int TrainBatch, int TestBatch, string DataInput, string? LabelInput, string PredictionBlob, int SampleLength, int Seed,
    float WarmupFromLr = 0, int WarmupIterations = 0, string? Device = null)
{
    public SolverParameter Solver() => SolverParameter.Parser.ParseFrom(SolverBytes);

    /// <summary>
    /// The plan with the solver's base_lr set to <paramref name="baseLr"/> (the workers' scaled rate), reached by a linear
    /// ramp from <paramref name="warmupFrom"/> over the first <paramref name="warmupIterations"/> cluster iterations.
    /// </summary>
    public TrainingPlan WithBaseLr(float baseLr, float warmupFrom = 0, int warmupIterations = 0)
    {
        var solver = Solver();
        solver.BaseLr = baseLr;
        return this with { SolverBytes = solver.ToByteArray(), WarmupFromLr = warmupFrom, WarmupIterations = warmupIterations };
    }

    /// <summary>
    /// The base_lr at cluster iteration <paramref name="iteration"/>: during the warm-up, Goyal et al.'s gradual ramp
    /// from the unscaled rate to the scaled one; after it, the scaled rate. The lr_policy applies on top, as usual.
    /// </summary>
    public float BaseLrAt(int iteration, float baseLr) =>
        iteration >= WarmupIterations ? baseLr : WarmupFromLr + (baseLr - WarmupFromLr) * iteration / WarmupIterations;

    /// <summary>
    /// Builds the plan from a solver whose net (<c>net_param</c>) either has Data/ImageData/MemoryData layers —
    /// replaced by Input layers of <paramref name="inputShape"/> (channels, height, width) with their batch
    /// sizes (a MemoryData layer's own channels/height/width serve when no shape is given) — or already
    /// starts with Input layers.
    /// </summary>
    public static TrainingPlan From(SolverParameter solver, (int Channels, int Height, int Width)? inputShape, int seed)
    {
        ArgumentNullException.ThrowIfNull(solver);
        var net = solver.NetParam ?? solver.TrainNetParam
            ?? throw new ArgumentException("The solver has no inline net (net_param); load it with ProtoLoader.LoadSolverPrototxtWithNet or set NetParam.");
        net = WithInputLayers(net, inputShape, inference: false,
            "give the sample shape with WithInputShape(channels, height, width)");
        var prepared = solver.Clone();
        prepared.NetParam = net;
        prepared.TrainNetParam = null;

        var train = new Net(net, Phase.Train, seed);
        var test = new Net(net, Phase.Test, seed);
        var inputs = train.InputBlobNames;
        if (inputs.Count is < 1 or > 2)
            throw new ArgumentException($"The training net must have a data input and optionally a label input; it has {inputs.Count} inputs ({string.Join(", ", inputs)}).");
        string data = inputs[0];
        var accuracy = test.Definition.Layer.FirstOrDefault(l => l.Type == "Accuracy" && test.LayerNames.Contains(l.Name))
            ?? throw new ArgumentException("The test phase of the net has no Accuracy layer, so test accuracy cannot be measured.");
        int[] dataShape = train.Blob(data).Shape;
        return new TrainingPlan(prepared.ToByteArray(), dataShape[0], test.Blob(data).Shape[0], data,
            inputs.Count == 2 ? inputs[1] : null, accuracy.Bottom[0], dataShape.Skip(1).Aggregate(1, (a, d) => a * d), seed);
    }

    /// <summary>
    /// A plan for scoring and featurizing only, from a net prototxt as Caffe's tools take it: a deploy net (Input
    /// layers) or a train/test net whose Data/ImageData/MemoryData layers become Input layers of
    /// <paramref name="inputShape"/> (channels, height, width). Only the TEST phase is built. The prediction blob is
    /// what an Accuracy layer scores, else the last layer's first top, or the bottom of a final Softmax (a deploy net's class scores).
    /// </summary>
    public static TrainingPlan ForInference(NetParameter net, (int Channels, int Height, int Width)? inputShape, int seed)
    {
        ArgumentNullException.ThrowIfNull(net);
        net = WithInputLayers(net, inputShape, inference: true, "and the sample shape (channels, height, width) is not known");
        var test = new Net(net, Phase.Test, seed);
        var inputs = test.InputBlobNames;
        if (inputs.Count is < 1 or > 2)
            throw new ArgumentException($"The net must have a data input and optionally a label input in the TEST phase; it has {inputs.Count} inputs ({string.Join(", ", inputs)}).");
        string data = inputs[0];
        var layers = test.Definition.Layer.Where(l => test.LayerNames.Contains(l.Name)).ToList();
        // Predict applies the softmax itself, so a deploy net's final Softmax is read before it (its class scores).
        var last = layers.LastOrDefault(l => l.Top.Count > 0 && l.Type != "Input");
        string prediction = layers.FirstOrDefault(l => l.Type == "Accuracy")?.Bottom[0]
            ?? (last is { Type: "Softmax", Bottom.Count: 1 } ? last.Bottom[0] : last?.Top[0])
            ?? throw new ArgumentException("The net has no layer after its inputs, so there is nothing to predict.");
        int[] dataShape = test.Blob(data).Shape;
        return new TrainingPlan(new SolverParameter { NetParam = net }.ToByteArray(), dataShape[0], dataShape[0], data,
            inputs.Count == 2 ? inputs[1] : null, prediction, dataShape.Skip(1).Aggregate(1, (a, d) => a * d), seed);
    }

    // Caffe's Data/ImageData/MemoryData layers become Input layers of the sample shape (given, or a MemoryData layer's),
    // batched as the data layers were (both phases at the TEST batch for inference, which builds only that phase).
    private static NetParameter WithInputLayers(NetParameter net, (int Channels, int Height, int Width)? inputShape, bool inference, string whenShapeUnknown)
    {
        var dataLayers = net.Layer.Where(l => l.Type is "Data" or "ImageData" or "MemoryData").ToList();
        if (dataLayers.Count == 0) return net;
        var memory = dataLayers.FirstOrDefault(l => l.Type == "MemoryData")?.MemoryDataParam;
        (int Channels, int Height, int Width)? fromMemory = memory is { Channels: > 0, Height: > 0, Width: > 0 }
            ? ((int)memory.Channels, (int)memory.Height, (int)memory.Width) : null;
        if ((inputShape ?? fromMemory) is not { } shape)
            throw new ArgumentException($"The net's {dataLayers[0].Type} layer '{dataLayers[0].Name}' must become an Input layer{(inference ? ", " : ": ")}{whenShapeUnknown}.");
        int testBatch = BatchOf(dataLayers, Phase.Test);
        int trainBatch = inference ? testBatch : BatchOf(dataLayers, Phase.Train);
        return ProtoLoader.ReplaceDataLayers(net, trainBatch, testBatch, shape.Channels, shape.Height, shape.Width);
    }

    private static int BatchOf(List<LayerParameter> layers, Phase phase)
    {
        var layer = layers.FirstOrDefault(l => l.Include.Any(r => r.Phase == phase)) ?? layers.FirstOrDefault(l => l.Include.Count == 0)
            ?? throw new ArgumentException($"The net has no data layer for the {phase} phase.");
        long batch = layer.Type switch
        {
            "Data" => layer.DataParam?.BatchSize ?? 0,
            "ImageData" => layer.ImageDataParam?.BatchSize ?? 0,
            _ => layer.MemoryDataParam?.BatchSize ?? 0,
        };
        if (batch < 1) throw new ArgumentException($"Data layer '{layer.Name}' has no batch_size.");
        return (int)batch;
    }
}
