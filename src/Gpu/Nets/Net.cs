using ActorNet.Gpu.Backends;
using ActorNet.Gpu.Backends.Cpu;
using ActorNet.Gpu.Layers;
using ActorNet.Gpu.Nets;

namespace ActorNet.Gpu;

/// <summary>
/// A network built from a Caffe NetParameter for one phase: layers filtered by include/exclude rules,
/// Split layers inserted where a blob has several consumers, shapes inferred layer by layer, and forward /
/// backward run over the DAG in layer order, as Caffe's Net.
/// </summary>
public sealed partial class Net
{
    private readonly List<Layer> layers = new();
    private readonly List<Blob[]> bottoms = new();
    private readonly List<Blob[]> tops = new();
    private readonly List<bool[]> bottomNeedBackward = new();
    private readonly List<bool> layerNeedBackward = new();
    private readonly Dictionary<string, Blob> blobsByName = new();
    private readonly Dictionary<string, int> layerIndex = new();
    private readonly List<LearnableParam> learnable = new();
    private readonly Dictionary<string, Blob> sharedParams = new();
    private readonly IComputeBackend backend;

    /// <summary>Builds the net for <paramref name="phase"/> on the default CPU backend.</summary>
    public Net(NetParameter param, Phase phase)
        : this(param, phase, CpuBackend.Default, seed: 1701)
    {
    }

    /// <summary>Builds the net with a given random seed for fillers and dropout.</summary>
    public Net(NetParameter param, Phase phase, int seed)
        : this(param, phase, CpuBackend.Default, seed)
    {
    }

    /// <summary>Builds the net on <paramref name="device"/> (seed 1701, as the other constructors).</summary>
    /// <exception cref="ComputeDeviceUnavailableException">The device cannot run on this machine; the message says what is missing.</exception>
    public Net(NetParameter param, Phase phase, ComputeDevice device)
        : this(param, phase, device, seed: 1701)
    {
    }

    /// <summary>Builds the net on <paramref name="device"/> with a given random seed for fillers and dropout.</summary>
    /// <exception cref="ComputeDeviceUnavailableException">The device cannot run on this machine; the message says what is missing.</exception>
    public Net(NetParameter param, Phase phase, ComputeDevice device, int seed)
        : this(param, phase, (device ?? throw new ArgumentNullException(nameof(device))).Backend(), seed, device)
    {
    }

    internal Net(NetParameter param, Phase phase, IComputeBackend backend, int seed, ComputeDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(param);
        this.backend = backend;
        Device = device ?? ComputeDevice.Cpu;
        Phase = phase;
        Name = param.Name;
        Definition = param.Clone();
        var state = param.State?.Clone() ?? new NetState();
        state.Phase = phase;
        var filtered = SplitInserter.Insert(NetFilter.Filter(param, state));
        var context = new LayerContext(phase, backend, seed);
        foreach (var layerParam in filtered.Layer)
        {
            AddLayer(layerParam, context);
        }
        ComputeBackwardNeeds(filtered.ForceBackward);
    }

    /// <summary>The definition the net was built from (before filtering), used when saving a .caffemodel.</summary>
    public NetParameter Definition { get; }

    /// <summary>The device whose memory holds the net's blobs and whose kernels run its layers and solver.</summary>
    public ComputeDevice Device { get; }

    /// <summary>The net's name from the prototxt.</summary>
    public string Name { get; }

    /// <summary>The phase the net was built for.</summary>
    public Phase Phase { get; }

    /// <summary>Layer names in execution order (Split layers included).</summary>
    public IReadOnlyList<string> LayerNames => layers.Select(l => l.Name).ToList();

    /// <summary>Names of all blobs (tops), in creation order.</summary>
    public IReadOnlyCollection<string> BlobNames => blobsByName.Keys;

    /// <summary>The blob produced under <paramref name="name"/> (the last producer for in-place chains).</summary>
    public Blob Blob(string name) => blobsByName.TryGetValue(name, out var blob)
        ? blob
        : throw new KeyNotFoundException($"Net '{Name}' has no blob named '{name}'.");

    /// <summary>True when the net has a blob named <paramref name="name"/>.</summary>
    public bool HasBlob(string name) => blobsByName.ContainsKey(name);

    /// <summary>The learned parameter blobs of a layer, weights then bias.</summary>
    public IReadOnlyList<Blob> LayerParams(string layerName) => layerIndex.TryGetValue(layerName, out int i)
        ? layers[i].Blobs
        : throw new KeyNotFoundException($"Net '{Name}' has no layer named '{layerName}'.");

    /// <summary>The layer type of a layer, e.g. "Convolution".</summary>
    public string LayerType(string layerName) => layers[layerIndex.TryGetValue(layerName, out int i)
        ? i : throw new KeyNotFoundException($"Net '{Name}' has no layer named '{layerName}'.")].Type;

    internal IReadOnlyList<Layer> Layers => layers;

    internal IReadOnlyList<LearnableParam> Learnable => learnable;

    internal IComputeBackend Backend => backend;

    private void AddLayer(LayerParameter param, LayerContext context)
    {
        if (layerIndex.ContainsKey(param.Name))
        {
            throw new InvalidOperationException($"Net '{Name}' has two layers named '{param.Name}'.");
        }
        var layer = LayerFactory.Create(param, context);
        var bottom = param.Bottom.Select(name => blobsByName.TryGetValue(name, out var b)
            ? b
            : throw new InvalidOperationException($"Layer '{param.Name}' has unknown bottom blob '{name}'.")).ToArray();
        var top = new Blob[param.Top.Count];
        for (int t = 0; t < top.Length; t++)
        {
            string name = param.Top[t];
            int inPlace = param.Bottom.IndexOf(name);
            if (inPlace >= 0)
            {
                top[t] = bottom[inPlace];
            }
            else
            {
                top[t] = new Blob(backend);
                blobsByName[name] = top[t];
            }
        }
        layer.Setup(bottom, top);
        layerIndex[param.Name] = layers.Count;
        layers.Add(layer);
        bottoms.Add(bottom);
        tops.Add(top);
        for (int p = 0; p < layer.Blobs.Count; p++)
        {
            var spec = p < param.Param.Count ? param.Param[p] : new ParamSpec();
            layer.SetParamPropagateDown(p, layer.ParamPropagateDown[p] && spec.LrMult != 0f);
            if (spec.Name.Length > 0 && sharedParams.TryGetValue(spec.Name, out var owner))
            {
                // Caffe's ShareWeights: the blob uses the owner's data and diff, so both layers' gradients
                // accumulate in one place and the solver updates it once.
                var blob = layer.Blobs[p];
                bool fits = spec.ShareMode == ParamSpec.Types.DimCheckMode.Permissive
                    ? blob.Count == owner.Count
                    : blob.Shape.AsSpan().SequenceEqual(owner.Shape);
                if (!fits)
                {
                    throw new InvalidOperationException(
                        $"Layer '{param.Name}' shares parameter '{spec.Name}' with shape {blob.ShapeString}, but its owner has {owner.ShapeString}.");
                }
                blob.ShareData(owner);
                blob.ShareDiff(owner);
                continue;
            }
            if (spec.Name.Length > 0)
            {
                sharedParams[spec.Name] = layer.Blobs[p];
            }
            learnable.Add(new LearnableParam(layer.Blobs[p], spec.LrMult, spec.DecayMult, param.Name, p));
        }
    }

    private void ComputeBackwardNeeds(bool forceBackward)
    {
        // Forward sweep: a blob needs a gradient when something learnable lies below it.
        var blobNeeds = new HashSet<Blob>(ReferenceEqualityComparer.Instance);
        var needs = new bool[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            bool need = layer.ParamPropagateDown.Any(p => p);
            for (int b = 0; b < bottoms[i].Length; b++)
            {
                need |= blobNeeds.Contains(bottoms[i][b]) || (forceBackward && layer.AllowForceBackward(b));
            }
            needs[i] = need;
            if (need)
            {
                foreach (var t in tops[i])
                {
                    blobNeeds.Add(t);
                }
            }
        }
        // Backward sweep: only layers whose tops reach a loss run backward.
        var underLoss = new HashSet<Blob>(ReferenceEqualityComparer.Instance);
        var bottomNeeds = new bool[layers.Count][];
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            bool contributes = false;
            for (int t = 0; t < tops[i].Length; t++)
            {
                contributes |= layers[i].LossWeights[t] != 0f || underLoss.Contains(tops[i][t]);
            }
            needs[i] &= contributes;
            bottomNeeds[i] = new bool[bottoms[i].Length];
            var propagate = layers[i].Param.PropagateDown;
            for (int b = 0; b < bottoms[i].Length; b++)
            {
                bool allowed = propagate.Count == 0 || propagate[b];
                bottomNeeds[i][b] = needs[i] && allowed && layers[i].AllowForceBackward(b) &&
                    (blobNeeds.Contains(bottoms[i][b]) || forceBackward);
                if (contributes)
                {
                    underLoss.Add(bottoms[i][b]);
                }
            }
            if (!needs[i])
            {
                for (int p = 0; p < layers[i].Blobs.Count; p++)
                {
                    layers[i].SetParamPropagateDown(p, false);
                }
            }
        }
        layerNeedBackward.AddRange(needs);
        bottomNeedBackward.AddRange(bottomNeeds);
    }
}
