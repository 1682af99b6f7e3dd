namespace ActorNet.Gpu.Tests.Caffe;

/// <summary>Paths of the model-zoo files copied next to the test assembly.</summary>
internal static class TestData
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Data", name);

    public static string Text(string name) => File.ReadAllText(Path(name));
}
