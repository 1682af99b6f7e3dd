using System.Globalization;
using ActorNet.Gpu;

namespace ActorNet.Node.Nets;

/// <summary>How the net commands print numbers and output blobs: as Caffe's logs do (6 significant digits).</summary>
internal static class NetText
{
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Caffe's "name = value" with " (* weight = weighted loss)" for a blob that enters the loss; one line per value.</summary>
    public static IEnumerable<string> Output(NetOutput output)
    {
        foreach (float value in output.Values)
        {
            string loss = output.LossWeight != 0f ? $" (* {Number(output.LossWeight)} = {Number(output.LossWeight * value)} loss)" : "";
            yield return $"{output.Blob} = {Number(value)}{loss}";
        }
    }

    public static string Shape(int[] shape) => string.Join('x', shape);
}
