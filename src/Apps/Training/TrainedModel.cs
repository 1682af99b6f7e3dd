using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training.Internal;

namespace ActorNet.Training;

/// <summary>
/// A trained net: its definition (data layers replaced by Input layers) and learned weights. Saves as
/// Caffe does (a .caffemodel plus the net's .prototxt beside it), scores and featurizes RDDs on the workers.
/// </summary>
public sealed class TrainedModel
{
    private readonly TrainingPlan _plan;

    internal TrainedModel(TrainingPlan plan, WeightCollection weights)
    {
        _plan = plan;
        Weights = weights;
    }

    /// <summary>The net, with Input layers where its data layers were.</summary>
    public NetParameter Definition => _plan.Solver().NetParam;

    /// <summary>The learned weights by layer.</summary>
    public WeightCollection Weights { get; }

    /// <summary>The name of the blob the net's Accuracy layer scores (the class scores).</summary>
    public string PredictionBlob => _plan.PredictionBlob;

    /// <summary>
    /// Writes the weights to <paramref name="path"/> (a Caffe .caffemodel) and the net to the same path with
    /// the extension .prototxt, so <c>actornet test</c> and Caffe read them.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var net = new Net(Definition, Phase.Test, _plan.Seed);
        net.SetWeights(Weights);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        net.SaveCaffeModel(path);
        File.WriteAllText(Path.ChangeExtension(path, ".prototxt"), ProtoLoader.ToPrototxt(Definition));
    }

    /// <summary>Reads a model that <see cref="Save"/> wrote: <paramref name="path"/> and the .prototxt beside it.</summary>
    public static TrainedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string prototxt = Path.ChangeExtension(path, ".prototxt");
        if (!File.Exists(prototxt)) throw new FileNotFoundException($"The model's net definition {prototxt} is missing (Save writes it beside the .caffemodel).", prototxt);
        var definition = ProtoLoader.LoadNetPrototxt(prototxt);
        var plan = TrainingPlan.From(new SolverParameter { NetParam = definition }, null, 1701);
        var net = new Net(definition, Phase.Test, plan.Seed);
        net.CopyTrainedLayersFrom(path);
        return new TrainedModel(plan, net.GetWeights());
    }

    /// <summary>Class probabilities (softmax of the prediction blob) for each sample of <paramref name="data"/>, computed on the workers.</summary>
    public Rdd<float[]> Predict(Rdd<float[]> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var plan = _plan;
        byte[] weights = Weights.ToBytes();
        return data.MapPartitions(samples =>
            new Scoring(plan, WeightCollection.FromBytes(weights)).Rows(samples, plan.PredictionBlob).Select(Scoring.Softmax));
    }

    /// <summary>The values of blob <paramref name="blob"/> for each sample of <paramref name="data"/> (SparkNet's featurize).</summary>
    public Rdd<float[]> Featurize(Rdd<float[]> data, string blob)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(blob);
        var plan = _plan;
        byte[] weights = Weights.ToBytes();
        return data.MapPartitions(samples => new Scoring(plan, WeightCollection.FromBytes(weights)).Rows(samples, blob));
    }

    /// <summary>Accuracy on <paramref name="data"/>, each partition scored on its worker.</summary>
    public float Accuracy(Rdd<(float[] Data, int Label)> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var plan = _plan;
        byte[] weights = Weights.ToBytes();
        var (correct, count) = data
            .MapPartitions(samples => new[] { new Scoring(plan, WeightCollection.FromBytes(weights)).Score(samples) })
            .Reduce((a, b) => (a.Correct + b.Correct, a.Count + b.Count));
        return count == 0 ? 0f : (float)correct / count;
    }
}
