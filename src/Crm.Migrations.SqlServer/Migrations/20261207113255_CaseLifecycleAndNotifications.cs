using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class CaseLifecycleAndNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReopenCount",
                table: "Service_Cases",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Service_AgentNotifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RecipientId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ReadAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_AgentNotifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_CaseLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    LinkedCaseId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_CaseLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_CaseLinks_Service_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Service_Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Service_CaseLinks_Service_Cases_LinkedCaseId",
                        column: x => x.LinkedCaseId,
                        principalTable: "Service_Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Service_AgentNotifications_RecipientId_Id",
                table: "Service_AgentNotifications",
                columns: new[] { "RecipientId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_AgentNotifications_RecipientId_ReadAtUtc",
                table: "Service_AgentNotifications",
                columns: new[] { "RecipientId", "ReadAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_CaseLinks_CaseId",
                table: "Service_CaseLinks",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_CaseLinks_LinkedCaseId_Kind",
                table: "Service_CaseLinks",
                columns: new[] { "LinkedCaseId", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Service_AgentNotifications");

            migrationBuilder.DropTable(
                name: "Service_CaseLinks");

            migrationBuilder.DropColumn(
                name: "ReopenCount",
                table: "Service_Cases");
        }
    }
}
