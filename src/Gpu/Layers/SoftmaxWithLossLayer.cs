namespace ActorNet.Gpu.Layers;

/// <summary>
/// Softmax followed by the multinomial logistic loss, with Caffe's ignore_label and normalization
/// (FULL, VALID — the default —, BATCH_SIZE, NONE; the legacy normalize flag maps to VALID/BATCH_SIZE).
/// Top 0 is the scalar loss, the optional top 1 the probabilities.
/// </summary>
internal sealed class SoftmaxWithLossLayer : Layer
{
    private readonly Blob prob;
    private int outer, channels, inner;
    private int? ignoreLabel;
    private LossParameter.Types.NormalizationMode normalization;
    private int lastValid;

    public SoftmaxWithLossLayer(LayerParameter param, LayerContext context)
        : base(param, context) => prob = NewBlob();

    public override int ExactBottoms => 2;

    public override int MinTops => 1;

    public override int MaxTops => 2;

    public override bool IsLoss => true;

    public override bool AllowForceBackward(int bottomIndex) => bottomIndex != 1;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var loss = Param.LossParam;
        ignoreLabel = loss is { HasIgnoreLabel: true } ? loss.IgnoreLabel : null;
        normalization = loss switch
        {
            { HasNormalization: true } => loss.Normalization,
            { HasNormalize: true } => loss.Normalize ? LossParameter.Types.NormalizationMode.Valid : LossParameter.Types.NormalizationMode.BatchSize,
            _ => LossParameter.Types.NormalizationMode.Valid,
        };
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        int axis = bottom[0].CanonicalAxis(Param.SoftmaxParam?.Axis ?? 1);
        outer = bottom[0].CountRange(0, axis);
        channels = bottom[0].ShapeAt(axis);
        inner = bottom[0].CountFrom(axis + 1);
        if (bottom[1].Count != outer * inner)
        {
            throw Error($"needs one label per prediction: {outer * inner} predictions ({bottom[0].ShapeString}) but {bottom[1].Count} labels ({bottom[1].ShapeString})");
        }
        prob.ReshapeLike(bottom[0]);
        top[0].Reshape();
        if (top.Count > 1)
        {
            top[1].ReshapeLike(bottom[0]);
        }
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        Backend.SoftmaxForward(outer, channels, inner, bottom[0].Data, prob.Data);
        var (loss, valid) = Backend.SoftmaxLoss(outer, channels, inner, prob.Data, bottom[1].Data, ignoreLabel);
        lastValid = valid;
        Span<float> value = stackalloc float[] { (float)(loss / Normalizer(valid)) };
        Backend.Upload(value, top[0].Data, 0);
        if (top.Count > 1)
        {
            Backend.Copy(prob.Count, prob.Data, 0, top[1].Data, 0);
        }
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (propagateDown[1])
        {
            throw Error("cannot backpropagate to the label input");
        }
        if (propagateDown[0])
        {
            Span<float> weight = stackalloc float[1];
            Backend.Download(top[0].Diff, 0, weight);
            Backend.SoftmaxLossBackward(outer, channels, inner, prob.Data, bottom[1].Data, ignoreLabel,
                weight[0] / Normalizer(lastValid), bottom[0].Diff);
        }
    }

    private float Normalizer(int valid)
    {
        float n = normalization switch
        {
            LossParameter.Types.NormalizationMode.Full => outer * inner,
            LossParameter.Types.NormalizationMode.Valid => valid,
            LossParameter.Types.NormalizationMode.BatchSize => outer,
            _ => 1f,
        };
        return Math.Max(1f, n);
    }
}
