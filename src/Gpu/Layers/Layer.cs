using ActorNet.Gpu.Backends;

namespace ActorNet.Gpu.Layers;

/// <summary>
/// A Caffe layer: Setup (check blob counts, LayerSetup, Reshape, loss weights), then Forward and Backward
/// on lists of bottom and top blobs. Learned parameters live in <see cref="Blobs"/>, weights before bias.
/// Parameter diffs accumulate across backward passes (the solver clears them); bottom diffs are overwritten.
/// </summary>
internal abstract class Layer
{
    protected Layer(LayerParameter param, LayerContext context)
    {
        Param = param;
        Context = context;
    }

    /// <summary>The layer's definition.</summary>
    public LayerParameter Param { get; }

    /// <summary>Phase, backend and random source shared by the layers of a net.</summary>
    public LayerContext Context { get; }

    /// <summary>The layer's name.</summary>
    public string Name => Param.Name;

    /// <summary>The layer's type, as in prototxt.</summary>
    public string Type => Param.Type;

    /// <summary>Learned parameters (weights, then bias).</summary>
    public List<Blob> Blobs { get; } = new();

    /// <summary>Per-parameter switch: compute that parameter's gradient in Backward.</summary>
    public bool[] ParamPropagateDown { get; private set; } = Array.Empty<bool>();

    /// <summary>Loss weight of each top (0 for non-loss tops).</summary>
    public float[] LossWeights { get; private set; } = Array.Empty<float>();

    protected IComputeBackend Backend => Context.Backend;

    protected Phase Phase => Context.Phase;

    /// <summary>Exact number of bottoms, or -1 when any.</summary>
    public virtual int ExactBottoms => -1;

    /// <summary>Minimum number of bottoms.</summary>
    public virtual int MinBottoms => 0;

    /// <summary>Maximum number of bottoms.</summary>
    public virtual int MaxBottoms => int.MaxValue;

    /// <summary>Exact number of tops, or -1 when any.</summary>
    public virtual int ExactTops => -1;

    /// <summary>Minimum number of tops.</summary>
    public virtual int MinTops => 0;

    /// <summary>Maximum number of tops.</summary>
    public virtual int MaxTops => int.MaxValue;

    /// <summary>Loss layers weigh their first top 1 unless loss_weight says otherwise.</summary>
    public virtual bool IsLoss => false;

    /// <summary>False for bottoms that can never take a gradient (labels).</summary>
    public virtual bool AllowForceBackward(int bottomIndex) => true;

    /// <summary>Checks counts, runs LayerSetup and Reshape, and records loss weights.</summary>
    public void Setup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        CheckCount("bottom", bottom.Count, ExactBottoms, MinBottoms, MaxBottoms);
        CheckCount("top", top.Count, ExactTops, MinTops, MaxTops);
        LayerSetup(bottom, top);
        if (ParamPropagateDown.Length != Blobs.Count)
        {
            ParamPropagateDown = Enumerable.Repeat(true, Blobs.Count).ToArray();
        }
        Reshape(bottom, top);
        LossWeights = new float[top.Count];
        for (int i = 0; i < top.Count; i++)
        {
            LossWeights[i] = i < Param.LossWeight.Count ? Param.LossWeight[i] : IsLoss && i == 0 ? 1f : 0f;
        }
        if (Param.LossWeight.Count > top.Count)
        {
            throw Error($"has {Param.LossWeight.Count} loss_weight values but {top.Count} tops");
        }
    }

    /// <summary>One-time setup: read parameters, create and fill learned blobs.</summary>
    public virtual void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
    }

    /// <summary>Shapes tops (and internal buffers) from the bottoms' shapes.</summary>
    public abstract void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top);

    /// <summary>Computes tops from bottoms.</summary>
    public abstract void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top);

    /// <summary>Computes bottom diffs (where asked) and accumulates parameter diffs.</summary>
    public abstract void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom);

    /// <summary>Sets whether parameter <paramref name="index"/> takes a gradient.</summary>
    public void SetParamPropagateDown(int index, bool value)
    {
        if (ParamPropagateDown.Length != Blobs.Count)
        {
            ParamPropagateDown = Enumerable.Repeat(true, Blobs.Count).ToArray();
        }
        ParamPropagateDown[index] = value;
    }

    /// <summary>An error that names the layer and its type.</summary>
    protected InvalidOperationException Error(string message) =>
        new($"Layer '{Name}' (type {Type}) {message}.");

    /// <summary>Creates a learned blob of the given shape on the layer's backend and appends it.</summary>
    protected Blob AddParam(params int[] shape)
    {
        var blob = new Blob(Backend, shape);
        Blobs.Add(blob);
        return blob;
    }

    /// <summary>Creates an internal work blob on the layer's backend.</summary>
    protected Blob NewBlob(params int[] shape) => new(Backend, shape);

    private void CheckCount(string what, int count, int exact, int min, int max)
    {
        if (exact >= 0 && count != exact)
        {
            throw Error($"takes {exact} {what} blob(s), got {count}");
        }
        if (count < min || count > max)
        {
            throw Error($"takes {min}..{(max == int.MaxValue ? "n" : max.ToString())} {what} blob(s), got {count}");
        }
    }
}
