namespace ActorNet.Gpu.Tests.Caffe;

/// <summary>The repository's models/ folder holds what the apps load; every file in it must load.</summary>
public class ModelsFolderTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ActorNet.sln"))) return dir.FullName;
        throw new InvalidOperationException("ActorNet.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_net_and_solver_in_models_loads_and_solvers_point_at_existing_nets()
    {
        string root = RepoRoot();
        string[] files = Directory.GetFiles(System.IO.Path.Combine(root, "models"), "*.prototxt", SearchOption.AllDirectories);
        Assert.True(files.Length >= 6, $"expected the model-zoo files under models/, found {files.Length}");
        foreach (string file in files)
        {
            if (System.IO.Path.GetFileName(file).Contains("solver", StringComparison.Ordinal))
            {
                SolverParameter solver = ProtoLoader.LoadSolverPrototxt(file);
                Assert.True(File.Exists(System.IO.Path.Combine(root, solver.Net)), $"{file}: net '{solver.Net}' does not exist");
            }
            else
            {
                NetParameter net = ProtoLoader.LoadNetPrototxt(file);
                Assert.NotEmpty(net.Layer);
            }
        }
    }
}
