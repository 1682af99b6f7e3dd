namespace ActorNet.Gpu;

// The parameter-light layers of the DSL; see NetDsl.cs for the conventions.
public static partial class NetDsl
{
    /// <summary>A ReLU layer; pass <paramref name="top"/> equal to the bottom for Caffe's usual in-place form.</summary>
    public static LayerParameter ReLULayer(string name, string[] bottoms, float? negativeSlope = null, string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "ReLU", bottoms, top, phase);
        if (negativeSlope is float s) layer.ReluParam = new ReLUParameter { NegativeSlope = s };
        return layer;
    }

    /// <summary>A Sigmoid layer.</summary>
    public static LayerParameter SigmoidLayer(string name, string[] bottoms, string? top = null, Phase? phase = null) =>
        Layer(name, "Sigmoid", bottoms, top, phase);

    /// <summary>A TanH layer.</summary>
    public static LayerParameter TanHLayer(string name, string[] bottoms, string? top = null, Phase? phase = null) =>
        Layer(name, "TanH", bottoms, top, phase);

    /// <summary>A Softmax layer.</summary>
    public static LayerParameter SoftmaxLayer(string name, string[] bottoms, int? axis = null, string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "Softmax", bottoms, top, phase);
        if (axis is int a) layer.SoftmaxParam = new SoftmaxParameter { Axis = a };
        return layer;
    }

    /// <summary>A SoftmaxWithLoss layer; bottoms are (scores, labels).</summary>
    public static LayerParameter SoftmaxWithLoss(
        string name, string[] bottoms, int? ignoreLabel = null, LossParameter.Types.NormalizationMode? normalization = null,
        string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "SoftmaxWithLoss", bottoms, top, phase);
        if (ignoreLabel is not null || normalization is not null)
        {
            layer.LossParam = new LossParameter();
            if (ignoreLabel is int i) layer.LossParam.IgnoreLabel = i;
            if (normalization is { } n) layer.LossParam.Normalization = n;
        }
        return layer;
    }

    /// <summary>An Accuracy layer; bottoms are (scores, labels).</summary>
    public static LayerParameter AccuracyLayer(string name, string[] bottoms, int? topK = null, string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "Accuracy", bottoms, top, phase);
        if (topK is int k) layer.AccuracyParam = new AccuracyParameter { TopK = checked((uint)k) };
        return layer;
    }

    /// <summary>A Dropout layer.</summary>
    public static LayerParameter DropoutLayer(string name, string[] bottoms, float? ratio = null, string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "Dropout", bottoms, top, phase);
        if (ratio is float r) layer.DropoutParam = new DropoutParameter { DropoutRatio = r };
        return layer;
    }

    /// <summary>An LRN layer (ACROSS_CHANNELS unless <paramref name="region"/> says otherwise).</summary>
    public static LayerParameter LRNLayer(
        string name, string[] bottoms, int? localSize = null, float? alpha = null, float? beta = null, float? k = null,
        LRNParameter.Types.NormRegion? region = null, string? top = null, Phase? phase = null)
    {
        var p = new LRNParameter();
        if (localSize is int size) p.LocalSize = checked((uint)size);
        if (alpha is float a) p.Alpha = a;
        if (beta is float b) p.Beta = b;
        if (k is float kk) p.K = kk;
        if (region is { } r) p.NormRegion = r;
        LayerParameter layer = Layer(name, "LRN", bottoms, top, phase);
        layer.LrnParam = p;
        return layer;
    }

    /// <summary>A Concat layer joining its bottoms along <paramref name="axis"/> (channels by default).</summary>
    public static LayerParameter ConcatLayer(string name, string[] bottoms, int? axis = null, string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "Concat", bottoms, top, phase);
        if (axis is int a) layer.ConcatParam = new ConcatParameter { Axis = a };
        return layer;
    }

    /// <summary>A Flatten layer.</summary>
    public static LayerParameter FlattenLayer(string name, string[] bottoms, int? axis = null, int? endAxis = null, string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "Flatten", bottoms, top, phase);
        if (axis is not null || endAxis is not null)
        {
            layer.FlattenParam = new FlattenParameter();
            if (axis is int a) layer.FlattenParam.Axis = a;
            if (endAxis is int e) layer.FlattenParam.EndAxis = e;
        }
        return layer;
    }

    /// <summary>An Eltwise layer (SUM, PROD or MAX), with optional per-bottom SUM coefficients.</summary>
    public static LayerParameter EltwiseLayer(
        string name, string[] bottoms, EltwiseParameter.Types.EltwiseOp? operation = null, float[]? coeff = null,
        string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "Eltwise", bottoms, top, phase);
        if (operation is not null || coeff is not null)
        {
            layer.EltwiseParam = new EltwiseParameter();
            if (operation is { } op) layer.EltwiseParam.Operation = op;
            if (coeff is not null) layer.EltwiseParam.Coeff.AddRange(coeff);
        }
        return layer;
    }

    /// <summary>A BatchNorm layer.</summary>
    public static LayerParameter BatchNormLayer(
        string name, string[] bottoms, bool? useGlobalStats = null, float? movingAverageFraction = null, float? eps = null,
        string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "BatchNorm", bottoms, top, phase);
        if (useGlobalStats is not null || movingAverageFraction is not null || eps is not null)
        {
            layer.BatchNormParam = new BatchNormParameter();
            if (useGlobalStats is bool g) layer.BatchNormParam.UseGlobalStats = g;
            if (movingAverageFraction is float f) layer.BatchNormParam.MovingAverageFraction = f;
            if (eps is float e) layer.BatchNormParam.Eps = e;
        }
        return layer;
    }

    /// <summary>A Scale layer (learned per-channel scale, with a bias when <paramref name="biasTerm"/> is true).</summary>
    public static LayerParameter ScaleLayer(string name, string[] bottoms, bool? biasTerm = null, string? top = null, Phase? phase = null)
    {
        LayerParameter layer = Layer(name, "Scale", bottoms, top, phase);
        if (biasTerm is bool b) layer.ScaleParam = new ScaleParameter { BiasTerm = b };
        return layer;
    }
}
