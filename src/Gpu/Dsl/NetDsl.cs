namespace ActorNet.Gpu;

/// <summary>
/// Nets in code, mirroring SparkNet's Scala DSL
/// (<c>NetParam("LeNet", RDDLayer("data", ...), ConvolutionLayer("conv1", Seq("data"), kernel=(5,5), numOutput=20), ...)</c>).
/// Each method returns the same LayerParameter a prototxt would give, so a net built here equals
/// the one parsed from the equivalent prototxt. Optional settings are left unset (Caffe's
/// defaults apply) unless given; a layer's top is its name unless <c>top</c> is given (pass the
/// bottom's name for in-place layers such as ReLU). Use with <c>using static ActorNet.Gpu.NetDsl;</c>.
/// </summary>
public static partial class NetDsl
{
    /// <summary>A net named <paramref name="name"/> made of <paramref name="layers"/> in order.</summary>
    public static NetParameter NetParam(string name, params LayerParameter[] layers)
    {
        var net = new NetParameter { Name = name };
        net.Layer.AddRange(layers);
        return net;
    }

    /// <summary>
    /// SparkNet's RDDLayer: an Input layer whose single top (named <paramref name="name"/>) is fed
    /// by the caller, with the given shape, optionally only in one phase.
    /// </summary>
    public static LayerParameter RddLayer(string name, int[] shape, Phase? phase = null) =>
        InputLayer(name, [name], [shape], phase);

    /// <summary>An Input layer with several tops, one shape per top, optionally only in one phase.</summary>
    public static LayerParameter InputLayer(string name, string[] tops, int[][] shapes, Phase? phase = null)
    {
        ArgumentNullException.ThrowIfNull(tops);
        ArgumentNullException.ThrowIfNull(shapes);
        if (tops.Length == 0) throw new ArgumentException($"Input layer '{name}' needs at least one top", nameof(tops));
        // Caffe's InputParameter: one shape per top, one shared by all, or none (shaped later by the caller).
        if (shapes.Length > 1 && shapes.Length != tops.Length)
            throw new ArgumentException($"Input layer '{name}' has {tops.Length} tops but {shapes.Length} shapes; give one per top or one for all", nameof(shapes));
        var layer = Layer(name, "Input", [], tops[0], phase);
        layer.Top.Clear();
        layer.Top.AddRange(tops);
        layer.InputParam = new InputParameter();
        foreach (int[] shape in shapes)
        {
            var blobShape = new BlobShape();
            foreach (int d in shape) blobShape.Dim.Add(d);
            layer.InputParam.Shape.Add(blobShape);
        }
        return layer;
    }

    /// <summary>A Convolution layer; kernel, stride and pad are (height, width).</summary>
    public static LayerParameter ConvolutionLayer(
        string name, string[] bottoms, (int H, int W) kernel, int numOutput,
        (int H, int W)? stride = null, (int H, int W)? pad = null, (int H, int W)? dilation = null,
        int? group = null, bool? biasTerm = null,
        FillerParameter? weightFiller = null, FillerParameter? biasFiller = null,
        float[]? lrMult = null, float[]? decayMult = null, string? top = null, Phase? phase = null)
    {
        var p = new ConvolutionParameter { NumOutput = checked((uint)numOutput) };
        if (pad is { } pd)
        {
            if (pd.H == pd.W) p.Pad.Add((uint)pd.H);
            else (p.PadH, p.PadW) = ((uint)pd.H, (uint)pd.W);
        }
        if (kernel.H == kernel.W) p.KernelSize.Add((uint)kernel.H);
        else (p.KernelH, p.KernelW) = ((uint)kernel.H, (uint)kernel.W);
        if (group is int g) p.Group = (uint)g;
        if (stride is { } s)
        {
            if (s.H == s.W) p.Stride.Add((uint)s.H);
            else (p.StrideH, p.StrideW) = ((uint)s.H, (uint)s.W);
        }
        if (dilation is { } d)
        {
            p.Dilation.Add((uint)d.H);
            if (d.H != d.W) p.Dilation.Add((uint)d.W);
        }
        if (biasTerm is bool b) p.BiasTerm = b;
        if (weightFiller is not null) p.WeightFiller = weightFiller;
        if (biasFiller is not null) p.BiasFiller = biasFiller;
        LayerParameter layer = Layer(name, "Convolution", bottoms, top, phase);
        AddParamSpecs(layer, lrMult, decayMult);
        layer.ConvolutionParam = p;
        return layer;
    }

    /// <summary>A Pooling layer (MAX or AVE); kernel, stride and pad are (height, width); <paramref name="global"/> pools the whole map.</summary>
    public static LayerParameter PoolingLayer(
        string name, string[] bottoms, PoolingParameter.Types.PoolMethod pool,
        (int H, int W)? kernel = null, (int H, int W)? stride = null, (int H, int W)? pad = null,
        bool global = false, string? top = null, Phase? phase = null)
    {
        var p = new PoolingParameter { Pool = pool };
        if (kernel is { } k)
        {
            if (k.H == k.W) p.KernelSize = (uint)k.H;
            else (p.KernelH, p.KernelW) = ((uint)k.H, (uint)k.W);
        }
        if (stride is { } s)
        {
            if (s.H == s.W) p.Stride = (uint)s.H;
            else (p.StrideH, p.StrideW) = ((uint)s.H, (uint)s.W);
        }
        if (pad is { } pd)
        {
            if (pd.H == pd.W) p.Pad = (uint)pd.H;
            else (p.PadH, p.PadW) = ((uint)pd.H, (uint)pd.W);
        }
        if (global) p.GlobalPooling = true;
        LayerParameter layer = Layer(name, "Pooling", bottoms, top, phase);
        layer.PoolingParam = p;
        return layer;
    }

    /// <summary>An InnerProduct (fully connected) layer.</summary>
    public static LayerParameter InnerProductLayer(
        string name, string[] bottoms, int numOutput, bool? biasTerm = null,
        FillerParameter? weightFiller = null, FillerParameter? biasFiller = null, int? axis = null,
        float[]? lrMult = null, float[]? decayMult = null, string? top = null, Phase? phase = null)
    {
        var p = new InnerProductParameter { NumOutput = checked((uint)numOutput) };
        if (biasTerm is bool b) p.BiasTerm = b;
        if (weightFiller is not null) p.WeightFiller = weightFiller;
        if (biasFiller is not null) p.BiasFiller = biasFiller;
        if (axis is int a) p.Axis = a;
        LayerParameter layer = Layer(name, "InnerProduct", bottoms, top, phase);
        AddParamSpecs(layer, lrMult, decayMult);
        layer.InnerProductParam = p;
        return layer;
    }

    /// <summary>A filler: constant (<paramref name="value"/> left at Caffe's default 0 when null).</summary>
    public static FillerParameter Constant(float? value = null)
    {
        var f = new FillerParameter { Type = "constant" };
        if (value is float v) f.Value = v;
        return f;
    }

    /// <summary>A filler: gaussian with the given standard deviation (and mean, when given).</summary>
    public static FillerParameter Gaussian(float std, float? mean = null)
    {
        var f = new FillerParameter { Type = "gaussian", Std = std };
        if (mean is float m) f.Mean = m;
        return f;
    }

    /// <summary>A filler: uniform in [min, max].</summary>
    public static FillerParameter Uniform(float min, float max) => new() { Type = "uniform", Min = min, Max = max };

    /// <summary>A filler: xavier (Glorot), scaled by fan-in unless another <paramref name="norm"/> is given.</summary>
    public static FillerParameter Xavier(FillerParameter.Types.VarianceNorm? norm = null)
    {
        var f = new FillerParameter { Type = "xavier" };
        if (norm is { } n) f.VarianceNorm = n;
        return f;
    }

    /// <summary>A filler: msra (He), scaled by fan-in unless another <paramref name="norm"/> is given.</summary>
    public static FillerParameter Msra(FillerParameter.Types.VarianceNorm? norm = null)
    {
        var f = new FillerParameter { Type = "msra" };
        if (norm is { } n) f.VarianceNorm = n;
        return f;
    }

    private static LayerParameter Layer(string name, string type, string[] bottoms, string? top, Phase? phase)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(bottoms);
        var layer = new LayerParameter { Name = name, Type = type };
        layer.Bottom.AddRange(bottoms);
        layer.Top.Add(top ?? name);
        if (phase is Phase p) layer.Include.Add(new NetStateRule { Phase = p });
        return layer;
    }

    // One ParamSpec per blob (weights, then bias), as Caffe's `param { lr_mult: .. decay_mult: .. }`.
    private static void AddParamSpecs(LayerParameter layer, float[]? lrMult, float[]? decayMult)
    {
        int count = Math.Max(lrMult?.Length ?? 0, decayMult?.Length ?? 0);
        for (int i = 0; i < count; i++)
        {
            var spec = new ParamSpec();
            if (lrMult is not null && i < lrMult.Length) spec.LrMult = lrMult[i];
            if (decayMult is not null && i < decayMult.Length) spec.DecayMult = decayMult[i];
            layer.Param.Add(spec);
        }
    }
}
