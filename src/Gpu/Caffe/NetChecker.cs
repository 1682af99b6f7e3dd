using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorNet.Gpu;

/// <summary>
/// Decides, for a parsed (and upgraded) net, what ActorNet can honour. A layer type it does not
/// have is an error naming the layer. A real Caffe setting it does not implement is an error when
/// it would change the numbers (e.g. STOCHASTIC pooling) and a warning when it cannot (e.g.
/// <c>engine</c>, which only picks Caffe's or cuDNN's implementation of the same math). A
/// parameter message given to a layer type that does not read it is ignored by Caffe; here it
/// is a warning.
/// </summary>
internal static class NetChecker
{
    // Fields whose value cannot change the result, with why they are ignored.
    private static readonly Dictionary<string, string> IgnorableFields = new()
    {
        ["ConvolutionParameter.engine"] = "picks an implementation, not the math",
        ["ConvolutionParameter.force_nd_im2col"] = "picks an implementation, not the math",
        ["PoolingParameter.engine"] = "picks an implementation, not the math",
        ["LRNParameter.engine"] = "picks an implementation, not the math",
        ["ReLUParameter.engine"] = "picks an implementation, not the math",
        ["SigmoidParameter.engine"] = "picks an implementation, not the math",
        ["TanHParameter.engine"] = "picks an implementation, not the math",
        ["SoftmaxParameter.engine"] = "picks an implementation, not the math",
        ["EltwiseParameter.stable_prod_grad"] = "only selects how the PROD gradient is computed",
        ["TransformationParameter.force_color"] = "applies to encoded images only",
        ["TransformationParameter.force_gray"] = "applies to encoded images only",
    };

    public static void Check(NetParameter net, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions, ICollection<string> warnings)
    {
        if (net.DebugInfo) warnings.Add("net: 'debug_info' is ignored");
        for (int i = 0; i < net.Layer.Count; i++) CheckLayer(net.Layer[i], i, positions, warnings);
    }

    private static PrototxtException Error(IMessage at, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions, string problem) =>
        positions.TryGetValue(at, out var p) ? new PrototxtException(problem, p.Line, p.Column) : new PrototxtException(problem);

    private static void CheckLayer(LayerParameter layer, int index, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions, ICollection<string> warnings)
    {
        string label = layer.HasName && layer.Name.Length > 0 ? $"layer '{layer.Name}'" : $"layer #{index + 1}";
        if (!layer.HasType || layer.Type.Length == 0) throw Error(layer, positions, $"{label} has no type");
        if (!SupportedLayers.ParamFields.TryGetValue(layer.Type, out IReadOnlyList<string>? reads))
        {
            string? guess = NameSuggestion.Closest(layer.Type, SupportedLayers.ParamFields.Keys);
            string hint = guess is null ? "" : $" (did you mean '{guess}'?)";
            throw Error(layer, positions,
                $"{label} has type '{layer.Type}', which ActorNet does not support{hint}; supported: {string.Join(", ", SupportedLayers.ParamFields.Keys)}");
        }
        bool isData = SupportedLayers.DataLayerTypes.Contains(layer.Type);
        foreach (FieldDescriptor field in LayerParameter.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message || field.IsRepeated || !field.Name.EndsWith("_param", StringComparison.Ordinal)) continue;
            if (field.Accessor.GetValue(layer) is not IMessage value) continue;
            if (!reads.Contains(field.Name))
            {
                // Every layer may carry loss_param in Caffe; only loss layers read it.
                warnings.Add($"{label} ({layer.Type}): '{field.Name}' is ignored by this layer type");
                continue;
            }
            // Data layers are replaced wholesale; their source/backend settings never reach a kernel.
            if (isData && field.Name != "transform_param") continue;
            CheckFields(value, $"{label} ({layer.Type}): {field.Name}", positions, warnings);
        }
        CheckValues(layer, label, positions);
    }

    private static void CheckFields(IMessage message, string context, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions, ICollection<string> warnings)
    {
        foreach (FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            bool set = field.IsRepeated ? ((IList)field.Accessor.GetValue(message)).Count > 0 : field.Accessor.HasValue(message);
            if (!set) continue;
            if (IgnorableFields.TryGetValue($"{message.Descriptor.Name}.{field.Name}", out string? why))
                warnings.Add($"{context}.{field.Name} is ignored ({why})");
        }
    }

    // Settings Caffe has but ActorNet's kernels do not implement, and that would change the result.
    private static void CheckValues(LayerParameter layer, string label, IReadOnlyDictionary<IMessage, (int Line, int Column)> positions)
    {
        void Reject(IMessage at, string what) =>
            throw Error(at, positions, $"{label} ({layer.Type}): {what} is not supported by ActorNet (it changes the result)");

        switch (layer.Type)
        {
            case "Pooling" when layer.PoolingParam is { } p:
                if (p.Pool == PoolingParameter.Types.PoolMethod.Stochastic) Reject(p, "pool: STOCHASTIC");
                if (p.RoundMode == PoolingParameter.Types.RoundMode.Floor) Reject(p, "round_mode: FLOOR");
                break;
            case "Convolution" when layer.ConvolutionParam is { } c:
                if (c.Axis != 1) Reject(c, $"axis: {c.Axis}");
                break;
            case "InnerProduct" when layer.InnerProductParam is { } ip:
                if (ip.Transpose) Reject(ip, "transpose: true");
                break;
        }
        if (layer.Param.Any(p => p.ShareMode == ParamSpec.Types.DimCheckMode.Permissive))
            Reject(layer, "param.share_mode: PERMISSIVE");
    }
}
