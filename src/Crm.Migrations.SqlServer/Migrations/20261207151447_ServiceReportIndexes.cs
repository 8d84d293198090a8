using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ServiceReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_FirstRespondedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_OpenedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_ResolvedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaBreachedAtUtc",
                table: "Service_Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_FirstResponded_Report",
                table: "Service_Cases",
                columns: new[] { "FirstRespondedAtUtc", "QueueId", "Priority", "FirstResponseBusinessMinutes" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_IsOpen_QueueId_Priority",
                table: "Service_Cases",
                columns: new[] { "IsOpen", "QueueId", "Priority" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_Opened_Report",
                table: "Service_Cases",
                columns: new[] { "OpenedAtUtc", "QueueId", "CustomerId", "FirstResponseBusinessMinutes", "SlaPolicyId", "ResolvedAtUtc", "SlaBreachedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_Resolved_Report",
                table: "Service_Cases",
                columns: new[] { "ResolvedAtUtc", "QueueId", "Priority", "SlaPolicyId", "SlaPolicyName", "OwnerId", "SlaBreachedAtUtc", "ResolutionBusinessMinutes", "ReopenCount" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaBreachedAtUtc_QueueId",
                table: "Service_Cases",
                columns: new[] { "SlaBreachedAtUtc", "QueueId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_FirstResponded_Report",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_IsOpen_QueueId_Priority",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_Opened_Report",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_Resolved_Report",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaBreachedAtUtc_QueueId",
                table: "Service_Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_FirstRespondedAtUtc",
                table: "Service_Cases",
                column: "FirstRespondedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_OpenedAtUtc",
                table: "Service_Cases",
                column: "OpenedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_ResolvedAtUtc",
                table: "Service_Cases",
                column: "ResolvedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaBreachedAtUtc",
                table: "Service_Cases",
                column: "SlaBreachedAtUtc");
        }
    }
}
