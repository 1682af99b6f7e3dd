namespace ActorNet.Gpu.Layers;

/// <summary>Creates a layer from its prototxt type name; an unknown type is an error naming the layer.</summary>
internal static class LayerFactory
{
    /// <summary>The layer types this backend implements.</summary>
    public static readonly IReadOnlyList<string> SupportedTypes = new[]
    {
        "Input", "Convolution", "Pooling", "InnerProduct", "ReLU", "Sigmoid", "TanH", "Softmax", "SoftmaxWithLoss",
        "Accuracy", "Dropout", "LRN", "Concat", "Flatten", "Split", "Eltwise", "BatchNorm", "Scale",
    };

    public static Layer Create(LayerParameter param, LayerContext context) => param.Type switch
    {
        "Input" => new InputLayer(param, context),
        "Convolution" => new ConvolutionLayer(param, context),
        "Pooling" => new PoolingLayer(param, context),
        "InnerProduct" => new InnerProductLayer(param, context),
        "ReLU" => new ReluLayer(param, context),
        "Sigmoid" => new SigmoidLayer(param, context),
        "TanH" => new TanhLayer(param, context),
        "Softmax" => new SoftmaxLayer(param, context),
        "SoftmaxWithLoss" => new SoftmaxWithLossLayer(param, context),
        "Accuracy" => new AccuracyLayer(param, context),
        "Dropout" => new DropoutLayer(param, context),
        "LRN" => new LrnLayer(param, context),
        "Concat" => new ConcatLayer(param, context),
        "Flatten" => new FlattenLayer(param, context),
        "Split" => new SplitLayer(param, context),
        "Eltwise" => new EltwiseLayer(param, context),
        "BatchNorm" => new BatchNormLayer(param, context),
        "Scale" => new ScaleLayer(param, context),
        _ => throw new NotSupportedException(
            $"Layer '{param.Name}' has type '{param.Type}', which is not supported; supported types: {string.Join(", ", SupportedTypes)}."),
    };
}
