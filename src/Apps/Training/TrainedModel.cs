using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training.Internal;

namespace ActorNet.Training;

/// <summary>
/// A trained net: its definition (data layers replaced by Input layers) and learned weights. Saves as
/// Caffe does (a .caffemodel plus the net's .prototxt beside it), scores and featurizes RDDs on the workers,
/// and travels like any value: captured by an RDD function or given to <see cref="ClusterContext.Broadcast{T}(T)"/>,
/// it ships as its net definition and weights in their serialized forms (protobuf and
/// <see cref="WeightCollection.ToBytes"/>), never as a built <see cref="Net"/>.
/// </summary>
[Serializable]
public sealed class TrainedModel
{
    // The net definition and input layout; a record of bytes and numbers, so it ships field by field.
    private readonly TrainingPlan _plan;

    // The weights as WeightCollection.ToBytes wrote them: what ships, and what every use decodes from.
    private readonly byte[] _weightBytes;

    // Decoded from _weightBytes on first use (after shipping too: this field does not travel).
    [NonSerialized]
    private WeightCollection? _weights;

    internal TrainedModel(TrainingPlan plan, WeightCollection weights)
    {
        _plan = plan;
        _weightBytes = weights.ToBytes();
    }

    /// <summary>The net, with Input layers where its data layers were.</summary>
    public NetParameter Definition => _plan.Solver().NetParam;

    /// <summary>
    /// The learned weights by layer, decoded once from the model's bytes and used by its predictions in this process.
    /// Read them, do not change them: <see cref="Save"/> and shipping use the bytes, so a changed array would make this
    /// process's predictions differ from the saved and the shipped model's.
    /// </summary>
    public WeightCollection Weights => LazyInitializer.EnsureInitialized(ref _weights, () => WeightCollection.FromBytes(_weightBytes));

    /// <summary>The blob <see cref="Predict(Rdd{float[]})"/> reads: what the net's Accuracy layer scores, else (a deploy net) the last layer's output.</summary>
    public string PredictionBlob => _plan.PredictionBlob;

    /// <summary>
    /// Writes the weights to <paramref name="path"/> (a Caffe .caffemodel) and the net to the same path with
    /// the extension .prototxt, so <c>actornet test</c> and Caffe read them.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var net = new Net(Definition, Phase.Test, _plan.Seed);
        net.SetWeights(WeightCollection.FromBytes(_weightBytes));
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
        return Load(prototxt, path, null);
    }

    /// <summary>
    /// Reads a net prototxt and a Caffe .caffemodel (weights copied by layer name, as Caffe's
    /// <c>CopyTrainedLayersFrom</c>): a deploy net with Input layers, or a train/test net whose data layers become
    /// Input layers of <paramref name="inputShape"/> (channels, height, width; not needed for a MemoryData layer that
    /// gives its own). The TEST phase is what the model runs.
    /// </summary>
    public static TrainedModel Load(string netPrototxt, string caffemodel, (int Channels, int Height, int Width)? inputShape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(netPrototxt);
        ArgumentException.ThrowIfNullOrWhiteSpace(caffemodel);
        if (!File.Exists(netPrototxt)) throw new FileNotFoundException($"The net definition {netPrototxt} does not exist.", netPrototxt);
        if (!File.Exists(caffemodel)) throw new FileNotFoundException($"The weights file {caffemodel} does not exist.", caffemodel);
        var definition = ProtoLoader.LoadNetPrototxt(netPrototxt);
        TrainingPlan plan;
        try
        {
            plan = TrainingPlan.ForInference(definition, inputShape, 1701);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{netPrototxt}: {e.Message}", e);
        }
        var net = new Net(plan.Solver().NetParam, Phase.Test, plan.Seed);
        net.CopyTrainedLayersFrom(caffemodel);
        return new TrainedModel(plan, net.GetWeights());
    }

    /// <summary>How many values one sample has (the net's data input without its batch dimension).</summary>
    public int SampleLength => _plan.SampleLength;

    /// <summary>The dimensions of one sample the net takes (its data input's shape after the batch: channels, height, width for images).</summary>
    public IReadOnlyList<int> InputShape => new Net(Definition, Phase.Test, _plan.Seed).Blob(_plan.DataInput).Shape[1..];

    /// <summary>Class probabilities (softmax of the prediction blob) for each sample of <paramref name="data"/>, computed on the workers.</summary>
    public Rdd<float[]> Predict(Rdd<float[]> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var model = this;
        return data.MapPartitions(samples => model.Predict(samples));
    }

    /// <summary>
    /// Class probabilities (softmax of the prediction blob) for each of <paramref name="samples"/>, computed where this
    /// runs, a batch at a time: inside an RDD function on a worker (<c>rdd.MapPartitions(s =&gt; model.Value.Predict(s))</c>
    /// with a broadcast model) or on the driver.
    /// </summary>
    public IEnumerable<float[]> Predict(IEnumerable<float[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return new Scoring(_plan, Weights).Rows(samples, _plan.PredictionBlob).Select(Scoring.Softmax);
    }

    /// <summary>The values of blob <paramref name="blob"/> for each sample of <paramref name="data"/> (SparkNet's featurize).</summary>
    public Rdd<float[]> Featurize(Rdd<float[]> data, string blob)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(blob);
        RequireBlob(blob);
        var model = this;
        return data.MapPartitions(samples => model.Featurize(samples, blob));
    }

    /// <summary>The values of blob <paramref name="blob"/> for each of <paramref name="samples"/>, computed where this runs.</summary>
    public IEnumerable<float[]> Featurize(IEnumerable<float[]> samples, string blob)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentException.ThrowIfNullOrWhiteSpace(blob);
        return new Scoring(_plan, Weights).Rows(samples, blob);
    }

    /// <summary>Each labelled sample's values of blob <paramref name="blob"/> with its label, in order, computed on the workers.</summary>
    public Rdd<(int Label, float[] Features)> Featurize(Rdd<(float[] Data, int Label)> data, string blob)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(blob);
        RequireBlob(blob);
        var model = this;
        return data.MapPartitions(samples => model.Featurize(samples, blob));
    }

    /// <summary>Each labelled sample's values of blob <paramref name="blob"/> with its label, in order, computed where this runs.</summary>
    public IEnumerable<(int Label, float[] Features)> Featurize(IEnumerable<(float[] Data, int Label)> samples, string blob)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentException.ThrowIfNullOrWhiteSpace(blob);
        // The scorer pulls samples a batch ahead of the rows it gives back; the labels wait here in order.
        var labels = new Queue<int>();
        IEnumerable<float[]> Data()
        {
            foreach (var (data, label) in samples)
            {
                labels.Enqueue(label);
                yield return data;
            }
        }
        return Featurize(Data(), blob).Select(row => (labels.Dequeue(), row));
    }

    /// <summary>Accuracy on <paramref name="data"/>, each partition scored on its worker.</summary>
    public float Accuracy(Rdd<(float[] Data, int Label)> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var model = this;
        var (correct, count) = data
            .MapPartitions(samples => new[] { new Scoring(model._plan, model.Weights).Score(samples) })
            .Reduce((a, b) => (a.Correct + b.Correct, a.Count + b.Count));
        return count == 0 ? 0f : (float)correct / count;
    }

    /// <summary>The dimensions of one sample's values of blob <paramref name="blob"/> (its shape after the batch dimension).</summary>
    public IReadOnlyList<int> BlobShape(string blob)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blob);
        return RequireBlob(blob).Blob(blob).Shape[1..];
    }

    // Checked on the driver, so a misspelt blob fails before any task runs.
    private Net RequireBlob(string blob)
    {
        var net = new Net(Definition, Phase.Test, _plan.Seed);
        if (!net.HasBlob(blob)) throw new ArgumentException($"The net has no blob '{blob}' (blobs: {string.Join(", ", net.BlobNames.Order(StringComparer.Ordinal))}).");
        return net;
    }
}
