using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseIsOpen : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_OwnerId_Status_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_QueueId_Status_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaState_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.AddColumn<bool>(
                name: "IsOpen",
                table: "Service_Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Cases stored before the flag: open unless resolved or closed (the same rule as ServiceCase.Status).
            migrationBuilder.Sql("UPDATE \"Service_Cases\" SET \"IsOpen\" = CASE WHEN \"Status\" IN ('Resolved', 'Closed') THEN 0 ELSE 1 END;");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_OwnerId_IsOpen_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "OwnerId", "IsOpen", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_QueueId_IsOpen_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "QueueId", "IsOpen", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaState_IsOpen_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "SlaState", "IsOpen", "LastActivityAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_OwnerId_IsOpen_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_QueueId_IsOpen_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaState_IsOpen_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "IsOpen",
                table: "Service_Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_OwnerId_Status_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "OwnerId", "Status", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_QueueId_Status_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "QueueId", "Status", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaState_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "SlaState", "LastActivityAtUtc" });
        }
    }
}
