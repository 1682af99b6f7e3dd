namespace ActorNet.Gpu;

/// <summary>
/// The layer types ActorNet runs and, for each, which <c>*_param</c> messages of LayerParameter it
/// reads. Data layers are listed because ProtoLoader.ReplaceDataLayers swaps them for Input layers.
/// </summary>
public static class SupportedLayers
{
    /// <summary>Layer type → the parameter fields (by proto name) that type reads.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ParamFields { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["Input"] = ["input_param"],
        ["Convolution"] = ["convolution_param"],
        ["Pooling"] = ["pooling_param"],
        ["InnerProduct"] = ["inner_product_param"],
        ["ReLU"] = ["relu_param"],
        ["Sigmoid"] = ["sigmoid_param"],
        ["TanH"] = ["tanh_param"],
        ["Softmax"] = ["softmax_param"],
        ["SoftmaxWithLoss"] = ["softmax_param", "loss_param"],
        ["Accuracy"] = ["accuracy_param"],
        ["Dropout"] = ["dropout_param"],
        ["LRN"] = ["lrn_param"],
        ["Concat"] = ["concat_param"],
        ["Flatten"] = ["flatten_param"],
        ["Split"] = [],
        ["Eltwise"] = ["eltwise_param"],
        ["BatchNorm"] = ["batch_norm_param"],
        ["Scale"] = ["scale_param"],
        ["Data"] = ["data_param", "transform_param"],
        ["ImageData"] = ["image_data_param", "transform_param"],
        ["MemoryData"] = ["memory_data_param", "transform_param"],
    };

    /// <summary>The data-source layer types that ReplaceDataLayers turns into Input layers.</summary>
    public static IReadOnlySet<string> DataLayerTypes { get; } = new HashSet<string> { "Data", "ImageData", "MemoryData" };

    /// <summary>Whether <paramref name="type"/> is a layer type ActorNet accepts.</summary>
    public static bool IsSupported(string type) => ParamFields.ContainsKey(type);
}
