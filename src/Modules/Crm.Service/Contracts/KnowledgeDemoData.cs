namespace Crm.Service.Contracts;

/// <summary>The knowledge base's demo articles, which the host seeds in Development beside the other modules' demo data.</summary>
public interface IKnowledgeDemoData
{
    /// <summary>Publishes a handful of real-sounding articles into an empty knowledge base; the number written (0 when it had articles).</summary>
    Task<int> SeedAsync(CancellationToken cancellationToken = default);
}
